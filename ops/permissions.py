"""The operator's endpoints: /healthz answers load balancers and monitors without a login.

It shows whether each service answers, never why (no host names, versions or error
texts: those go to the log).
"""

# The rule of each named URL (rules: accounts/permissions.py).
URL_RULES = {
    "ops:healthz": "public",
}
