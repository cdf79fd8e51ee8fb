# Chat
nav-chat = Chat
chat-title = Chat
chat-search = Search messages
chat-search-button = Search
chat-search-none = No messages found.
chat-open-in-channel = Open in the channel
chat-my-channels = My channels and conversations
chat-direct-prefix = Direct:
chat-unread-count = { $count ->
    [one] { $n } unread message
   *[other] { $n } unread messages
}
chat-none = You are not in any channel yet. Join a public channel or start a conversation.
chat-public-channels = Public channels
chat-join = Join
chat-direct-start = Start a conversation
chat-direct-names = Names of the people (up to 9, separated by commas)
chat-direct-open = Open conversation
chat-create = New channel
chat-field-title = Title
chat-field-topic = Topic
chat-field-kind = Who may join
chat-kind-private = Private: by invitation
chat-kind-public = Public: every member
chat-create-button = Create channel
chat-edited = (edited)
chat-deleted = This message was deleted.
chat-hidden = This message was hidden by a moderator.
chat-typing = { $name } is typing…
chat-reconnecting = Connection lost, reconnecting…
chat-online = online
chat-away = away
chat-back = Back to the chat
chat-member-count = { $count ->
    [one] { $n } member
   *[other] { $n } members
}
chat-moderator = moderator
chat-silence = Mute in this channel
chat-unsilence = Let post again
chat-invite = Invite a member by name
chat-invite-button = Invite
chat-mute = Mute channel
chat-unmute = Unmute channel
chat-leave = Leave channel
chat-jump-unread = Jump to the first unread message
chat-older = Older messages
chat-newest = Newest messages
chat-new-messages = New messages
chat-edit = Edit
chat-delete = Delete
chat-hide = Hide
chat-report = Report to moderators
chat-empty = No messages yet.
chat-message = Message (Markdown)
chat-attach = Attach a file (up to { $size } KB)
chat-document-field = Link a library document (optional)
chat-document-hint = Paste the link to the document's page, or its number.
chat-document-browse = Open the library
chat-document = Library document
chat-document-unavailable = Document no longer available
chat-send = Send
chat-save = Save
chat-silenced-note = A moderator has muted you in this channel: you can read but not post.
notice-chat-reported = Thank you: the moderators have been told.
notification-chat-mention = { $actor } mentioned you in the chat.
notification-chat-mention-setting = Mentions in the chat
notification-chat-report = { $actor } reported a chat message.
notification-chat-report-setting = Reported chat messages
error-chat-body-empty = The message is empty.
error-chat-body-too-long = The message is longer than 4,000 characters.
error-chat-client-id-invalid = The client id must be 1 to 64 visible characters.
error-chat-client-id-reused = This client id was already used for a message in another channel.
error-chat-title-invalid = The title must be 1 to 80 characters on one line.
error-chat-topic-invalid = The topic must be at most 300 characters on one line.
error-chat-direct-size = A conversation has 2 to 10 people.
error-chat-not-a-member = You are not a member of this channel.
error-chat-silenced = A moderator has muted you in this channel.
error-chat-kind-invalid = A channel is public or private.
error-chat-direct-fixed = The people of a conversation cannot change; start a new one.
error-chat-member-unknown = No active member has that name or number.
error-chat-file-empty = The file is empty.
error-chat-file-too-large = The file is larger than allowed.
error-chat-message-hidden = A hidden message cannot be edited.
error-chat-already-reported = You have already reported this message.
error-chat-context-invalid = The context of a channel must be 1 to 100 characters.
error-chat-origin-refused = The chat connection must come from this site.
error-chat-unavailable = The chat is restarting; please try again in a moment.
error-chat-malformed-frame = The frame is not valid JSON of a known shape.
error-chat-unknown-type = Unknown frame type.
error-chat-flooding = Too many frames at once; slow down.
error-chat-resume-too-many = A resume may name at most 500 channels.
error-chat-topic-unknown = There is no such live topic; follow one named like session:12.
error-chat-follow-too-many = One connection follows at most 16 topics.
error-chat-document-not-found = There is no library document with this number that you may see.
error-chat-document-invalid = Give the number of a library document or the link to its page.
chat-reports-title = Reported messages
chat-reports-none = No open reports in the channels you moderate.
chat-reports-count = { $count ->
    [one] { $n } report
   *[other] { $n } reports
}
chat-report-no-reason = no reason given
chat-report-hide = Hide the message
chat-report-dismiss = Dismiss the reports
notice-chat-reports-dismissed = The reports were dismissed.
notice-chat-reported-hidden = The message is hidden; its reports are resolved.
chat-retention = Messages kept
chat-retention-days = { $count ->
    [one] { $n } day
   *[other] { $n } days
}
chat-retention-forever = for ever
chat-retention-label = Days to keep messages (empty: for ever)
chat-retention-save = Save
notice-chat-retention-saved = The channel's retention is saved; older messages are deleted within the hour.
error-chat-retention-invalid = Messages are kept 1 to 3,650 days, or for ever.
