from .pages import HomePage, StandardPage

__all__ = ["HomePage", "StandardPage"]
