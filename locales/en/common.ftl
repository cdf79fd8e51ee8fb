# Shared across the site: navigation, fields, dates, counts.

nav-skip = Skip to content
nav-main = Main navigation
nav-language = Language
nav-directory = Members
nav-organisations = Organisations
nav-contacts = Contacts
nav-meetings = Meetings
nav-notifications = Notifications
nav-admin = Administration
nav-login = Log in
nav-logout = Log out
nav-register = Join
footer-text = Circula — the network of the waste-management and circular-economy community between Kazakhstan and Germany.

action-save = Save
action-add = Add
action-delete = Delete
filter-any = Any
pagination = Pages
pagination-prev = Previous
pagination-next = Next
pagination-page = Page { $page } of { $pages }

field-name = Name
field-email = Email
field-password = Password
field-current-password = Current password
field-new-password = New password
field-label = Label
field-position = Position
field-organisation = Organisation
field-organisation-kind = Type of organisation
field-country = Country
field-city = City
field-timezone = Time zone
field-locale = Language for emails
field-language = Language spoken
field-languages = Languages spoken
field-expertise = Areas of expertise
field-bio = About
field-website = Website
field-description = Description
field-photo = Photo
field-visibility = Visible to
field-status = Status
field-role = Role
field-slug = Key
field-position-order = Order

local-time = { $time } local time
local-time-zone = Local time: { $time } ({ $zone })

members-count = { $count ->
    [one] { $n } member
   *[other] { $n } members
}
organisations-count = { $count ->
    [one] { $n } organisation
   *[other] { $n } organisations
}

date-long = { $day } { $month } { $year }
month-genitive-1 = January
month-genitive-2 = February
month-genitive-3 = March
month-genitive-4 = April
month-genitive-5 = May
month-genitive-6 = June
month-genitive-7 = July
month-genitive-8 = August
month-genitive-9 = September
month-genitive-10 = October
month-genitive-11 = November
month-genitive-12 = December

notice-saved = Saved.
notice-welcome = Welcome to Circula! Tell the community who you are.
notice-profile-saved = Your profile is saved.
notice-photo-saved = Your photo is saved.
notice-photo-removed = Your photo is removed.
notice-password-changed = Your password is changed. Other sessions have been logged out.
notice-token-revoked = The token is revoked.
notice-contact-sent = Your contact request is sent.
notice-contact-accepted = Contact request accepted.
notice-contact-declined = Contact request declined.
notice-contact-removed = Contact removed.
notice-membership-approved = The request is approved.
notice-membership-declined = The request is declined.
notice-membership-removed = The member is removed from the organisation.

status-pending = Waiting for approval
status-active = Active
status-blocked = Blocked
role-member = Member
role-organiser = Organiser
role-admin = Administrator
