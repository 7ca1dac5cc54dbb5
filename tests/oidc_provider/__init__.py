"""A small OpenID Connect provider (django-oauth-toolkit in its OIDC mode) that the single sign-on tests start
as a real server on localhost: `python -m tests.oidc_provider.serve` (see serve.py for its environment)."""
