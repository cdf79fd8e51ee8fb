# Accounts: registration, login, passwords, tokens.

register-title = Join Circula
register-intro = Create your account to find experts, companies and partners in waste management and the circular economy.
register-submit = Create account
register-have-account = Already have an account?
register-pending-title = Thank you for registering
register-pending-text = An administrator will review your registration. We will let you know by email.
register-sent-title = Check your mail
register-sent-text = We have sent a message to the address you gave. Open the link in it to confirm your address, then log in. If the address already has an account, the message tells you how to get in.
password-hint = At least 10 characters. A few unusual words are easier to remember than symbols.
login-title = Log in
login-submit = Log in
login-forgot = Forgot your password?
forgot-title = Reset your password
forgot-intro = Enter your email address and we will send you a link to choose a new password.
forgot-submit = Send link
forgot-sent = If an account exists for this address, we have sent a link to it. The link is valid for one hour.
reset-title = Choose a new password
reset-submit = Save password
confirm-title = Email address
confirm-done = Thank you, your email address is confirmed.
settings-title = Account settings
settings-password = Change password
settings-password-submit = Change password
settings-tokens = API tokens
settings-tokens-intro = Tokens let programs use the Circula API in your name. Keep them secret.
settings-tokens-none = You have no API tokens.
settings-token-create = Create token
settings-token-created = Your new token is shown only once. Copy it now.
settings-token-created-at = Created
settings-token-revoke = Revoke

mail-confirm-subject = Confirm your email address for Circula
mail-confirm-body =
    Hello { $name },

    please confirm your email address by opening this link:
    { $link }

    If you did not register on Circula, you can ignore this message.
mail-reset-subject = Reset your Circula password
mail-reset-body =
    Hello { $name },

    open this link within one hour to choose a new password:
    { $link }

    If you did not ask for this, you can ignore this message; your password stays the same.
mail-registered-again-subject = Someone tried to register with your address on Circula
mail-registered-again-body =
    Hello { $name },

    someone just tried to register a new Circula account with this email address, which already has an account.

    If it was you, log in here: { $login }
    Forgot your password? Choose a new one here: { $reset }

    If it was not you, you can ignore this message; nothing has changed.
