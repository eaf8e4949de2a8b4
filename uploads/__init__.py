"""Bounded reading of the files people upload: workbooks (workbooks.py) and images (images.py).

Every upload is inspected cheaply before any parser sees it, refused in Thai when it
would cost more than the limits written in each module (docs/adr/0025), and only
then parsed in a way whose cost the limits bound. No models, no views: the apps that
accept files (accounts, projects, approvals, and the results import to come) call it.
"""
