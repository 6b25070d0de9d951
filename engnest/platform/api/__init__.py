"""The REST API's shared machinery (issue 15), used by every feature's router (`engnest/<feature>/api`): who is
calling (`auth`: bearer token, scope, rate limits), the one error shape (`errors`), opaque cursors and shared
parameters, ETags, and the schemas every router uses. It knows no feature: accounts registers how a bearer
token is resolved (`auth.set_authenticator`), and `engnest.api` assembles the routers into one application."""
