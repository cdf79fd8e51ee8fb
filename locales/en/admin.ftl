# Administration.

admin-title = Administration
admin-members = Accounts
admin-pending = Waiting for approval
admin-expertise = Areas of expertise
admin-expertise-intro = Members choose their areas of expertise from this list. Each area needs a name in all four languages.
admin-expertise-new = New area
admin-mail-off = Mail is off: confirmation and reset links are written to the server log.
admin-registration = Registration
admin-registration-open = Open: anyone can join
admin-registration-approval = Approval: an administrator approves each new account
admin-approve = Approve
admin-block = Block
admin-unblock = Unblock
