# Events: schedule, sessions, registration, agenda, organisers' tools.

nav-events = Events
events-title = Events
events-none = No upcoming events.
events-past = Past events
event-new = New event
event-edit = Edit event
event-running = Running now
event-members-only = Members only
event-public = Everyone
event-visibility = Visible to
event-zone = Time zone
event-organisers = Organisers
event-organiser-tools = Organiser tools
event-organisers-field = Organisers
event-default-language = Language shown when a reader's own is missing
event-form-languages-hint = Give the title and description in up to four languages; readers see their own language, or the default one.
event-first-day = First day
event-last-day = Last day
event-registration-open = Registration is open
event-register = Register
event-register-confirm = Confirm registration
event-unregister = Cancel registration
event-you-are-registered = You are registered
event-edit-answers = Change your answers
event-registration-closed = Registration is closed
event-sign-in-to-register = Log in to register
event-calendar-file = Calendar file (.ics)
event-participants = Participants
event-registrations-per-session = Registrations per session
event-messages = Messages to participants
event-messages-none = No messages yet.
event-message-subject = Subject
event-message-body = Message
event-message-send = Send to all participants
event-message-recipients = { $count ->
    [one] sent to { $n } participant
   *[other] sent to { $n } participants
}
event-cover = Cover image
event-cover-choose = A wide picture for the top of the event page (JPEG, PNG or WebP, at most { $size } MB; cropped to 1600 × 500)
event-cover-upload = Upload cover
event-cover-remove = Remove cover
event-chat = Event chat
event-materials = Materials in the library
event-questions = Registration questions
event-questions-hint = Leave a question empty to remove it. For a choice, list the options separated by semicolons.
event-question = Question
event-question-kind = Type of answer
event-question-text = Free text
event-question-choice = Choice
event-question-options = Options (separated by ;)
event-question-required = Required

schedule-zones = Time zones
schedule-zone-note = Times are shown in the event's zone ({ $event }) and in yours ({ $viewer }): your clock is { $difference }.
schedule-zone-same = All times are in { $zone }.
schedule-show-in-zone = Show my times in
schedule-your-time = { $time } your time
schedule-days = Days
schedule-all-days = All days
schedule-empty = No sessions on this day.
filter-all = All
filter-reset = Show all
action-filter = Filter
action-show = Show

session-new = Add a session
session-edit = Edit session
session-delete = Delete session
field-title = Title
session-kind = Type
session-kind-talk = Talk
session-kind-panel = Panel
session-kind-workshop = Workshop
session-kind-b2b = B2B meetings
session-kind-networking = Networking
session-track = Track
session-room = Room
session-starts = Starts
session-ends = Ends
session-times-hint = Times are in the event's zone, { $zone }.
session-language = Language
session-interpretation = Interpretation into
session-join = Join the session
session-join-url = Link to the virtual room (https)
session-recording = Recording
session-recording-url = Link to the recording (https)
session-capacity = Seats (empty: no limit)
session-seats = Seats
session-seats-left = { $left } of { $capacity } seats free
session-full-waiting = Full · waiting list: { $waiting }
session-speakers = Speakers
session-speakers-hint = Members of the platform who speak: untick to remove, or add them by name.
session-materials = Materials
session-materials-hint = One per line: "Title | https://…" (a library document or any link).
session-live = Live now
session-next = Next
session-register = Add to my agenda
session-join-waiting-list = Join the waiting list
session-unregister = Remove from my agenda
session-you-have-seat = In your agenda
session-you-wait = On the waiting list
session-waiting-position = You are number { $position } on the waiting list.
session-add-to-calendar = Add to calendar

agenda-title = My agenda
agenda-empty = Your agenda is empty. Add sessions from an event's schedule.
agenda-times-in = Times in { $zone }.
agenda-overlap = Overlaps with: { $titles }
agenda-cancelled = Cancelled
agenda-feed = Calendar subscription
agenda-feed-help = Subscribe to this private address in your calendar program to see your sessions there. Anyone with the address can read your agenda: renew it if it leaks.
agenda-feed-create = Create my calendar address
agenda-feed-renew = Renew the address
agenda-feed-revoke = Turn off

tz-same = the same time
tz-ahead = { $amount } ahead
tz-behind = { $amount } behind
tz-hours = { $count ->
    [one] { $n } hour
   *[other] { $n } hours
}
tz-minutes = { $count ->
    [one] { $n } minute
   *[other] { $n } minutes
}
tz-hours-minutes = { $hours } h { $minutes } min

weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday

export-name = Name
export-email = Email
export-position = Position
export-organisation = Organisation
export-country = Country
export-registered-at = Registered
export-sessions = Sessions
export-waiting = Waiting list
export-csv = Download CSV
export-xlsx = Download Excel

notice-event-created = The event was created.
notice-event-registered = You are registered.
notice-event-unregistered = Your registration was cancelled.
notice-seat-taken = The session is in your agenda.
notice-seat-waiting = The session is full: you are on the waiting list.
notice-seat-released = The session was removed from your agenda.
notice-session-saved = The session was saved.
notice-session-deleted = The session was deleted.
notice-feed-created = Your calendar address is ready.
notice-feed-renewed = Your calendar address was renewed; the old one no longer works.
notice-feed-revoked = Your calendar address was turned off.
notice-message-sent = The message was sent.

error-field-required = Please fill in this field.
error-date-invalid = Please give a date as YYYY-MM-DD.
error-datetime-invalid = Please give a date and time, such as 2023-02-21T10:00.
error-datetime-ambiguous = This local time does not exist or occurs twice in the event's time zone (a clock change). Please choose another time.
error-event-ends-before-start = The last day is before the first day.
error-event-too-long = An event lasts at most 31 days.
error-event-excludes-sessions = Some sessions would fall outside the event's new days. Move them first.
error-default-locale-without-title = The default language needs a title.
error-session-ends-before-start = The session ends before it starts.
error-session-outside-event = The session must take place within the event's days.
error-session-kind-unknown = Unknown type of session.
error-url-not-https = Please give a full https:// link.
error-url-too-long = The link is too long.
error-capacity-invalid = The number of seats must be a whole number from 1.
error-capacity-below-registrations = More people already have a seat than this number.
error-organisers-required = An event needs at least one organiser.
error-member-unknown = No active member has this number.
people-find = Add by name
people-find-hint = Names as in the members directory, one per line. When several members fit a name, they are listed above: tick the right one.
session-guests = Guest speakers
session-guests-hint = One per line: "Name — short bio".
error-member-name-unknown = No member has exactly this name. Check the spelling, or tick one of the people found.
error-member-name-ambiguous = Several members have this name. Tick the right person.
error-organiser-role-required = Co-organisers need the organiser role; an administrator can give it to them.
error-question-unknown = This question does not belong to the event.
error-question-needs-options = A choice needs at least two options.
error-answer-required = Please answer the required questions.
error-answer-not-an-option = Please choose one of the options.
error-registration-closed = Registration for this event is closed.
error-event-over = This event is over.
error-session-over = This session is over.
error-event-registration-required = Please register for the event first.
