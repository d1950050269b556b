"""`{% fragment_cache "name" var ... %}…{% endfragment_cache %}`: a piece of a template kept
until the next content event (core.generation), per site and per value of the named variables.

Unlike Django's `{% cache %}`, it needs no timeout to go stale: the content generation in its key
changes after every content event. And it renders afresh, caching nothing, for previews and
logged-in editors. Name only variables that take a bounded set of values (a page, an archive
month, a page number of a listing that exists): each value is one more entry in the cache.
"""

from django import template

from core import generation

register = template.Library()


class FragmentCacheNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        request = context.get("request")
        if request is None:
            return self.nodelist.render(context)
        parts = [variable.resolve(context) for variable in self.vary_on]
        return generation.get_or_build(
            request, f"template:{self.name}", parts, lambda: self.nodelist.render(context)
        )


@register.tag
def fragment_cache(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "'\"" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a quoted fragment name first.")
    nodelist = parser.parse(("endfragment_cache",))
    parser.delete_first_token()
    vary_on = [parser.compile_filter(bit) for bit in bits[2:]]
    return FragmentCacheNode(nodelist, bits[1][1:-1], vary_on)
