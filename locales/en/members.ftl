# Members: directory, profiles, organisations, contacts.

directory-title = Members
directory-search = Search
directory-search-submit = Search
directory-empty = No members match your search.
organisations-title = Organisations
organisations-empty = No organisations found.
organisation-no-members = No members yet.
organisation-hint = Choose an existing organisation or type a new name.
profile-edit = Edit profile
profile-contact-details = Contact details
profile-login-for-more = Log in to see more contact details.
photo-of = Photo of { $name }
photo-choose = Choose a photo (JPEG, PNG or WebP, at most { $size } MB)
photo-upload = Upload photo
photo-remove = Remove photo
bio-hint = Markdown is supported: **bold**, *italic*, [links](https://example.org), lists.

contact-request = Send contact request
contact-message = Message (optional)
contact-accept = Accept
contact-decline = Decline
contact-remove = Remove contact
contact-state-contacts = You are contacts.
contact-state-sent = Your contact request is waiting for an answer.
contacts-title = Contacts
contacts-incoming = Requests for you
contacts-outgoing = Your requests
contacts-accepted = Your contacts
contacts-none = None.

org-kind-company = Company
org-kind-public-body = Public body
org-kind-ngo = NGO
org-kind-research = Research
org-kind-association = Association
org-kind-chamber = Chamber
visibility-public = Everyone
visibility-members = Members
visibility-contacts = Contacts only
contact-kind-email = Email
contact-kind-phone = Phone
contact-kind-website = Website
contact-kind-linkedin = LinkedIn
contact-kind-telegram = Telegram
organisation-edit = Edit organisation
