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
notification-meeting-request = { $actor } asks to meet you at { $detail }.
notification-meeting-request-setting = B2B meeting requests
notification-meeting-accepted = { $actor } accepted your meeting request: { $detail }.
notification-meeting-accepted-setting = Accepted meeting requests
notification-meeting-declined = { $actor } declined your meeting request: { $detail }.
notification-meeting-declined-setting = Declined meeting requests
notification-meeting-cancelled = { $actor } cancelled your B2B meeting: { $detail }.
notification-meeting-cancelled-setting = Cancelled B2B meetings
notification-meeting-move-proposed = { $actor } proposes to move your B2B meeting to { $detail }.
notification-meeting-move-proposed-setting = Proposals to move a B2B meeting
notification-meeting-moved = { $actor } moved your B2B meeting to { $detail }.
notification-meeting-moved-setting = Moved B2B meetings
notification-meeting-scheduled = Your B2B meeting with { $actor } is scheduled: { $detail }.
notification-meeting-scheduled-setting = Scheduled B2B meetings
notification-meeting-reminder = Soon: your B2B meeting with { $actor }, { $detail }.
notification-meeting-reminder-setting = Reminders before B2B meetings
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
notification-discussion-topic = { $actor } opened a topic: { $detail }
notification-discussion-topic-setting = New topics in categories I follow
notification-discussion-reply = { $actor } replied in “{ $detail }”.
notification-discussion-reply-setting = Replies in topics I follow
notification-discussion-mention = { $actor } mentioned you in “{ $detail }”.
notification-discussion-mention-setting = Mentions in discussions
notification-discussion-accepted = { $actor } accepted your answer in “{ $detail }”.
notification-discussion-accepted-setting = My answers accepted
notifications-digest-legend = Discussions by email
notifications-digest-hint = Following many topics? Take one mail a day or a week instead of one per post.
notifications-digest-each = One email per notification
notifications-digest-daily = A daily digest
notifications-digest-weekly = A weekly digest
mail-digest-subject-daily = Circula: { $count } new in discussions today
mail-digest-subject-weekly = Circula: { $count } new in discussions this week
mail-digest-body = What happened in the discussions you follow:

    { $items }

    Change how you get these: { $settings }
mail-digest-more = { $count ->
    [one] … and { $n } more.
   *[other] … and { $n } more.
}
error-digest-unknown = Choose one email each, a daily or a weekly digest.
notification-survey-open = How was { $detail }? The organisers ask for your feedback.
notification-survey-open-setting = Surveys after events
notification-survey-reminder = A reminder: the survey on { $detail } is still open.
notification-survey-reminder-setting = Reminders of surveys
