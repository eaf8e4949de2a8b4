"""The public pages need no account; they show announced editions only
(public/views.py reads them through `publication.IN_FORCE`) and announced rounds only
(status ANNOUNCED: an open or closed round is a draft)."""

# The rule of each named URL (rules: accounts/permissions.py).
URL_RULES = {
    "public:organization": "public",
    "public:download": "public",
    "public:round": "public",
    "public:round_download": "public",
    "public:edition": "public",
    "public:signed_scan": "public",
    "public:project": "public",
}
