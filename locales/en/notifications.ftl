# Notifications.

notifications-title = Notifications
notifications-none = No notifications yet.
notifications-mark-all = Mark all as read
notifications-unread = unread
notifications-settings = Notification settings
notifications-email-legend = Also send by email
notifications-mail-off = Email is not set up on this site, so notifications are shown here only.
notification-contact-request = { $actor } wants to connect with you.
notification-contact-request-setting = Contact requests
notification-organisation-request = { $actor } asks to join { $detail } as a member.
notification-organisation-request-setting = Requests to join your organisation
notification-contact-accepted = { $actor } accepted your contact request.
notification-contact-accepted-setting = Accepted contact requests
notification-registration-pending = { $actor } registered and is waiting for approval.
notification-registration-pending-setting = Registrations waiting for approval
notification-role-changed = { $actor } changed your role.
notification-role-changed-setting = Changes to your role
notification-seat-confirmed = A seat came free: “{ $detail }” is now in your agenda.
notification-seat-confirmed-setting = A seat from the waiting list
notification-session-cancelled = { $actor } cancelled the session “{ $detail }”.
notification-session-cancelled-setting = Cancelled sessions
notification-event-message = { $actor } wrote to the participants of { $detail }
notification-event-message-setting = Messages from event organisers
mail-notification-body =
    { $text }

    { $link }

    You can choose which notifications you receive by email in your notification settings.
