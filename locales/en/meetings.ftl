# B2B meetings: the programme, profiles, the marketplace, requests, meetings, scheduling.

b2b-meeting-with = B2B meeting with { $name }
b2b-their-zone = Their time zone: { $zone }
b2b-dashboard = B2B dashboard
b2b-meetings = B2B meetings
b2b-figure = Figure
b2b-value = Value
b2b-participants = Participants
b2b-requests-sent = Requests sent
b2b-requests-accepted = Requests accepted
b2b-requests-declined = Requests declined
b2b-requests-expired = Requests expired
b2b-meetings-scheduled = Meetings scheduled
b2b-meetings-held = Meetings held
b2b-follow-ups = Interest in following up
b2b-export-start = Start
b2b-export-side-a = Requested by
b2b-export-side-b = Requested from
b2b-export-state = State
b2b-export-took-place = Took place
b2b-export-usefulness = Usefulness (1–5)
b2b-export-follow-up = Follow-up
b2b-state-draft = Draft
b2b-state-scheduled = Scheduled
b2b-state-cancelled = Cancelled
b2b-yes = Yes
b2b-no = No

error-b2b-not-enabled = This event has no B2B meetings.
error-b2b-registration-required = Register for the event first to take part in B2B meetings.
error-b2b-windows-invalid = Give at least one time window, each ending after it starts.
error-b2b-window-outside-event = A time window must lie on one of the event's days.
error-b2b-windows-overlap = Two time windows overlap.
error-b2b-windows-too-short = The time windows are too short for a single meeting.
error-b2b-too-many-slots = The windows hold too many meetings (at most 1,000 slots).
error-b2b-secret-too-short = The Jitsi secret needs at least 16 characters.
error-b2b-group-required = Choose the group you belong to.
error-b2b-too-many-items = A profile has at most 20 offers and requests.
error-b2b-profile-required = Write your cooperation profile first.
error-b2b-slot-outside-windows = This time is not one of the B2B slots.
error-b2b-not-yourself = You cannot do this with yourself.
error-b2b-kind-unknown = Unknown type of offer or request.
error-b2b-participant-unknown = This member takes no part in the event's B2B meetings.
error-b2b-deadline-passed = The deadline for meeting requests has passed.
error-b2b-rule-excludes = The organisers' rules do not allow a meeting between your groups.
error-b2b-no-thanks = One of you does not wish to meet the other.
error-b2b-too-many-pending = You have too many requests waiting for an answer. Wait for answers or withdraw one.
error-b2b-request-exists = There is already a request between the two of you.
error-b2b-not-recipient = Only the person asked can answer this request.
error-b2b-meeting-limit = One of you has reached the most meetings allowed.
error-b2b-request-answered = This request has already been answered or withdrawn.
error-b2b-request-expired = This request has expired.
error-b2b-slot-taken = This time is no longer free for both of you. Please choose another.
error-b2b-no-common-slot = There is no time left that is free for both of you.
error-b2b-not-sender = Only the sender can withdraw a waiting request.
error-b2b-meeting-cancelled = This meeting is cancelled.
error-b2b-no-move-proposed = Nobody proposed to move this meeting.
error-b2b-not-other-side = The other side must confirm this move.
error-b2b-not-your-meeting = Only the two participants can do this.
error-b2b-join-closed = The room opens 10 minutes before the meeting and closes at its end.
error-b2b-no-video-server = The organisers have not set up a video server yet.
error-b2b-meeting-not-started = Feedback is possible once the meeting has started.
error-b2b-schedule-clash = Someone would have two meetings at the same time. Move or unlock a meeting and try again.

## Pages

b2b-title = B2B meetings
b2b-intro = One-to-one talks between companies and partners at this event. Describe what you offer and what you look for, find partners and ask them for a meeting.
b2b-nav = B2B sections
b2b-nav-overview = Overview
b2b-nav-marketplace = Marketplace
b2b-nav-requests = Requests
b2b-nav-profile = My profile
b2b-nav-meetings = My meetings
b2b-nav-settings = Settings
b2b-nav-schedule = Schedule
b2b-nav-dashboard = Dashboard
b2b-your-part = Your part
b2b-step-register = Register for the event first to take part in B2B meetings.
b2b-step-profile = Write your cooperation profile: what you offer and what you look for.
b2b-write-profile = Write my profile
b2b-step-ready = Your profile is ready
b2b-edit-profile = Edit my profile
b2b-find-partners = Find partners
b2b-requests-waiting = { $count ->
    [one] { $n } request waits for your answer
   *[other] { $n } requests wait for your answer
}
b2b-requests-sent-waiting = { $count ->
    [one] { $n } of your requests waits for an answer
   *[other] { $n } of your requests wait for an answer
}
b2b-your-meetings = Your meetings at this event
b2b-all-meetings = All my meetings
b2b-programme = The programme
b2b-meeting-length = Meeting length
b2b-minutes = { $count ->
    [one] { $n } minute
   *[other] { $n } minutes
}
b2b-break-minutes = { $count ->
    [one] a break of { $n } minute after each
   *[other] a break of { $n } minutes after each
}
b2b-windows = Time windows
b2b-event-time = Event time
b2b-slot-count = { $count ->
    [one] { $n } meeting slot in all
   *[other] { $n } meeting slots in all
}
b2b-max-meetings = Meetings per participant (at most)
b2b-deadline = Requests until
b2b-deadline-passed = Passed
b2b-mode = Scheduling
b2b-mode-auto-explained = The organisers plan all meetings at once from the accepted requests and publish the plan.
b2b-mode-self-explained = When you accept a request, you choose a time that is free for both of you.
b2b-published = Published
b2b-rule = Who meets whom
b2b-rule-groups-explained = Meetings take place only between “{ $a }” and “{ $b }”.
b2b-organiser-hint = As an organiser, you find the settings, the schedule and the dashboard in the menu above.
b2b-switch-on = Set up B2B meetings

b2b-settings = B2B settings
b2b-enabled = B2B meetings are on for this event
b2b-meetings-and-limits = Meetings and limits
b2b-meeting-minutes = Meeting length (minutes)
b2b-break-minutes-field = Break after each meeting (minutes)
b2b-max-pending = Requests a participant may have waiting at once
b2b-request-ttl = Requests expire after (minutes)
b2b-request-ttl-hint = Leave empty to keep requests until they are answered. A day has 1,440 minutes.
b2b-deadline-hint = Date and time in the event's zone ({ $zone }). Leave empty for no deadline.
b2b-windows-hint = On the event's days, in the event's zone ({ $zone }). Empty a row to remove it; save to get more empty rows.
b2b-window-day = Day
b2b-window-from = From
b2b-window-to = To
b2b-rule-everyone = Everyone may meet everyone
b2b-rule-groups = Only between two groups
b2b-group-a = First group (for example: foreign companies)
b2b-group-b = Second group (for example: local organisations)
b2b-mode-self = Self-scheduling: accepting a request books a time free for both
b2b-mode-auto = Automatic: the organisers run the scheduler and publish its plan
b2b-video = Video rooms
b2b-room-link = A link to a room of its own for each meeting
b2b-room-jitsi = Jitsi with signed tokens
b2b-room-base = Address of the video server
b2b-jitsi-app-id = Jitsi app ID
b2b-jitsi-secret = Jitsi app secret
b2b-jitsi-secret-hint = At least 16 characters. It is never shown again.
b2b-jitsi-secret-kept = A secret is stored. Leave the field empty to keep it, or type a new one to replace it.

b2b-profile = My B2B profile
b2b-profile-intro = Other participants find you by what you write here.
b2b-organisation = Organisation
b2b-pitch = In short: who you are and what you look for
b2b-pitch-hint = At most 1,000 characters.
b2b-languages = Meeting languages
b2b-your-group = Your group
b2b-offers-and-requests = What you offer and what you look for
b2b-items-hint = One entry per offer or request. Empty an entry to remove it; save to get more empty entries.
b2b-item-n = Offer or request { $n }
b2b-item-title = Title
b2b-item-error = Offer or request { $n }: { $message }
b2b-direction = Offer or request
b2b-direction-offer = I offer
b2b-direction-request = I look for
b2b-kind = Type
b2b-kind-product = Product
b2b-kind-service = Service
b2b-kind-technology = Technology
b2b-kind-partnership = Partnership
b2b-kind-investment = Investment
b2b-kind-expertise = Expertise
b2b-topics = Sectors
b2b-countries = Countries
b2b-countries-hint = Two-letter country codes, separated by commas, for example KZ, DE.
b2b-countries-label = Countries
b2b-save-profile = Save my profile
b2b-availability = When I can meet
b2b-availability-hint = Tick the times you can meet. Until you save this form, every time counts as free.
b2b-availability-after-profile = Save your profile first; then you can choose when you can meet.
b2b-save-availability = Save my times
b2b-your-time-in = your time, { $zone }
b2b-event-time-in = event time, { $zone }

b2b-marketplace = Marketplace
b2b-search = Search
b2b-topic = Sector
b2b-country = Country
b2b-language = Language
b2b-suggested = Suggested for you
b2b-suggestions-need-profile = Write your profile to get suggestions.
b2b-suggestions-none = No suggestions yet. Add offers and requests to your profile to get some.
b2b-why = Why:
b2b-results = Results
b2b-all-participants = All participants
b2b-no-results = Nobody found.
b2b-offers = Offers
b2b-requests-sought = Looks for
b2b-reason-they-offer = They offer “{ $offer }”, which answers your request “{ $request }”.
b2b-reason-you-offer = Your offer “{ $offer }” answers their request “{ $request }”.
b2b-reason-topics = You share these sectors: { $topics }.
b2b-reason-languages = You can both talk in { $languages }.
b2b-time-zone = Time zone
b2b-ask-meeting = Ask for a meeting
b2b-request-exists-sent = You asked for a meeting: { $status }.
b2b-request-exists-received = They asked you for a meeting: { $status }.
b2b-message = Message
b2b-priority = How important is it to you?
b2b-priority-1 = Nice to have
b2b-priority-2 = Useful
b2b-priority-3 = Important
b2b-send-request = Send the request
b2b-your-mark = Your mark
b2b-mark-must-meet = Must meet
b2b-mark-no-thanks = No thanks
b2b-mark-clear = Remove my mark
b2b-mark-hint = “Must meet” puts this participant first for you and for the scheduler. “No thanks” means that neither of you can ask the other.

b2b-requests = Meeting requests
b2b-times-in = Your times are shown in { $zone }.
b2b-received = Received
b2b-sent = Sent
b2b-none-received = No requests received yet.
b2b-none-sent = You have not asked anybody yet.
b2b-sent-at = Sent { $time }
b2b-expires-at = expires { $time }
b2b-reason = Reason
b2b-open-meeting = Open the meeting
b2b-choose-slot = Choose a time that is free for both of you
b2b-accept = Accept
b2b-accept-auto-hint = The organisers will put accepted requests into the schedule.
b2b-decline-reason = Reason (optional; the sender reads it)
b2b-decline = Decline
b2b-withdraw = Withdraw
b2b-cancel-accepted = Cancel the meeting
b2b-status-pending = Waiting for an answer
b2b-status-accepted = Accepted
b2b-status-declined = Declined
b2b-status-cancelled = Withdrawn
b2b-status-expired = Expired

b2b-my-meetings = My B2B meetings
b2b-no-meetings = You have no B2B meetings yet.
b2b-your-time = your time
b2b-their-time = { $name }: { $time } ({ $zone })
b2b-join = Join the meeting
b2b-join-hint = The room opens 10 minutes before the start.
b2b-join-open = The room is open.
b2b-meeting = B2B meeting
b2b-meeting-between = B2B meeting: { $a } and { $b }
b2b-locked = Locked
b2b-you = You
b2b-room = Video room
b2b-move = Moving the meeting
b2b-move-proposed-to = A move to { $time } (your time) is proposed.
b2b-move-waiting = Waiting for the other side to confirm the move
b2b-move-confirm = Confirm the move
b2b-move-reject = Keep the old time
b2b-propose-move = Propose another time
b2b-new-time = New time (free for both of you)
b2b-propose = Propose
b2b-organiser-tools = For organisers
b2b-move-to = Move to
b2b-move-now = Move
b2b-lock = Lock
b2b-unlock = Unlock
b2b-cancel-meeting = Cancel the meeting
b2b-feedback = How was it?
b2b-took-place = Did the meeting take place?
b2b-usefulness = How useful was it?
b2b-usefulness-hint = 1: not useful, 5: very useful.
b2b-follow-up = I would like to follow up
b2b-comment = Comment for the organisers
b2b-send-feedback = Send my feedback

b2b-schedule = B2B schedule
b2b-drafts-count = { $count ->
    [one] { $n } draft meeting
   *[other] { $n } draft meetings
}
b2b-scheduled-count = { $count ->
    [one] { $n } published meeting
   *[other] { $n } published meetings
}
b2b-published-at = published { $time }
b2b-run-scheduler = Compute a draft
b2b-publish = Publish the draft
b2b-run-hint = Computing replaces the unlocked drafts; published and locked meetings stay where they are. Publishing tells both sides of every meeting.
b2b-schedule-self-hint = Participants book their meetings themselves when they accept a request. You can still move, lock and cancel single meetings.
b2b-quality = Quality of the last draft
b2b-meaning = What it means
b2b-quality-placed = Meetings placed
b2b-quality-placed-explained = { $placed } accepted requests have a time in the plan.
b2b-quality-bound = Upper bound
b2b-quality-bound-explained = No plan can place more than { $bound } meetings with these requests, times and limits.
b2b-quality-gap = Gap
b2b-quality-gap-explained = The plan is at most { $gap } short of the best possible one.
b2b-quality-greedy = First-fit comparison
b2b-quality-greedy-explained = Taking the first free time for each request in turn would place { $greedy } meetings; this plan places { $placed }.
b2b-quality-hours = In working hours
b2b-quality-hours-explained = { $hours } of the { $placed } meetings fall between 8:00 and 18:00 on a weekday for both sides, each in their own zone.
b2b-quality-must = Must-meet placed
b2b-quality-must-explained = { $placed } of { $total } requests marked “must meet” have a time.
b2b-plan = Plan
b2b-plan-times = Times in the event's zone ({ $zone }).
b2b-plan-empty = No meetings yet.
b2b-unplaced = Accepted requests without a time
b2b-unplaced-hint = Compute a draft again after changes, or move meetings to make room.

b2b-requests-pending = Requests waiting
b2b-requests-cancelled = Requests withdrawn
b2b-meetings-draft = Draft meetings
b2b-meetings-cancelled = Meetings cancelled
b2b-feedback-answers = Feedback answers
b2b-usefulness-mean = Mean usefulness (1–5)
b2b-by-country = By country
b2b-by-sector = By sector
b2b-unknown = Not given
b2b-no-data = Nothing yet.

b2b-event-link = B2B meetings
b2b-event-link-set-up = Set up B2B meetings

notice-meetings-settings-saved = The B2B settings are saved.
notice-meetings-profile-saved = Your B2B profile is saved.
notice-meetings-availability-saved = Your times are saved.
notice-meetings-request-sent = Your request is sent.
notice-meetings-mark-saved = Your mark is saved.
notice-meetings-accepted = Accepted: the meeting is booked.
notice-meetings-request-accepted = Accepted. The organisers will give the meeting a time.
notice-meetings-request-declined = The request is declined.
notice-meetings-request-cancelled = The request is withdrawn.
notice-meetings-move-proposed = The new time is proposed; the other side is asked to confirm it.
notice-meetings-move-confirmed = The meeting is moved.
notice-meetings-move-rejected = The meeting keeps its time.
notice-meetings-meeting-cancelled = The meeting is cancelled.
notice-meetings-meeting-changed = The meeting is changed.
notice-meetings-feedback-saved = Thank you for your feedback.
notice-meetings-schedule-computed = A new draft is computed.
notice-meetings-schedule-published = The schedule is published.

error-b2b-preference-unknown = Unknown mark.
error-b2b-action-unknown = Unknown action.
