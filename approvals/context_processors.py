def inbox(request):
    """The count on the navbar's "รอฉันดำเนินการ" link: unread in-app notifications."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": user.notifications.filter(read_at__isnull=True).count()}
