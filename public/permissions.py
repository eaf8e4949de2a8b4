"""The public pages need no account; they show announced editions only
(public/views.py reads them through `publication.IN_FORCE`)."""

# The rule of each named URL (rules: accounts/permissions.py).
URL_RULES = {
    "public:organization": "public",
    "public:download": "public",
    "public:edition": "public",
    "public:project": "public",
}
