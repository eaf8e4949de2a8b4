def inbox(request):
    """The count on the navbar's "รอฉันดำเนินการ" link: unread, in the current organisation."""
    user = getattr(request, "user", None)
    organization = getattr(request, "organization", None)
    if user is None or not user.is_authenticated or organization is None:
        return {"unread_notifications": 0}
    unread = user.notifications.filter(read_at__isnull=True, plan__organization=organization)
    return {"unread_notifications": unread.count()}
