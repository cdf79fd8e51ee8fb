# Уведомления.

notifications-title = Уведомления
notifications-none = Уведомлений пока нет.
notifications-mark-all = Отметить все как прочитанные
notifications-unread = непрочитанное
notifications-settings = Настройки уведомлений
notifications-email-legend = Также отправлять по электронной почте
notifications-mail-off = На этом сайте не настроена отправка электронной почты, поэтому уведомления отображаются только здесь.
notification-contact-request = { $actor } хочет добавить вас в контакты.
notification-contact-request-setting = Запросы на контакт
notification-organisation-request = { $actor } просит подтвердить членство в организации «{ $detail }».
notification-organisation-request-setting = Запросы на вступление в вашу организацию
notification-contact-accepted = { $actor } теперь в ваших контактах.
notification-contact-accepted-setting = Принятые запросы на контакт
notification-registration-pending = Новая регистрация: { $actor } ожидает подтверждения.
notification-registration-pending-setting = Регистрации, ожидающие подтверждения
notification-role-changed = Ваша роль изменена. Автор изменения: { $actor }.
notification-role-changed-setting = Изменения вашей роли
notification-seat-confirmed = Освободилось место: «{ $detail }» теперь в вашей программе.
notification-seat-confirmed-setting = Место из листа ожидания
notification-session-cancelled = { $actor } отменил(а) сессию «{ $detail }».
notification-session-cancelled-setting = Отменённые сессии
notification-event-message = { $actor } написал(а) участникам: { $detail }
notification-event-message-setting = Сообщения организаторов мероприятий
mail-notification-body =
    { $text }

    { $link }

    Выбрать, какие уведомления приходят вам по электронной почте, можно в настройках уведомлений.
