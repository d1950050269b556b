"""Development set-up: the demo site (`manage.py load_demo`) and the admin account
(`manage.py ensure_admin`)."""
