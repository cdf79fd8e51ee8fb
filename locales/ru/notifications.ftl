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
notification-meeting-request = { $actor } предлагает вам встречу: { $detail }.
notification-meeting-request-setting = Запросы на B2B-встречи
notification-meeting-accepted = { $actor } принял(а) ваш запрос на встречу: { $detail }.
notification-meeting-accepted-setting = Принятые запросы на встречи
notification-meeting-declined = { $actor } отклонил(а) ваш запрос на встречу: { $detail }.
notification-meeting-declined-setting = Отклонённые запросы на встречи
notification-meeting-cancelled = { $actor } отменил(а) вашу B2B-встречу: { $detail }.
notification-meeting-cancelled-setting = Отменённые B2B-встречи
notification-meeting-move-proposed = { $actor } предлагает перенести вашу B2B-встречу: { $detail }.
notification-meeting-move-proposed-setting = Предложения перенести B2B-встречу
notification-meeting-moved = { $actor } перенес(ла) вашу B2B-встречу: { $detail }.
notification-meeting-moved-setting = Перенесённые B2B-встречи
notification-meeting-scheduled = Ваша B2B-встреча с { $actor } назначена: { $detail }.
notification-meeting-scheduled-setting = Назначенные B2B-встречи
notification-meeting-reminder = Скоро: ваша B2B-встреча с { $actor }, { $detail }.
notification-meeting-reminder-setting = Напоминания перед B2B-встречами
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
notification-discussion-topic = { $actor } открыл(а) тему: { $detail }
notification-discussion-topic-setting = Новые темы в категориях, на которые я подписан(а)
notification-discussion-reply = { $actor } ответил(а) в теме «{ $detail }».
notification-discussion-reply-setting = Ответы в темах, на которые я подписан(а)
notification-discussion-mention = { $actor } упомянул(а) вас в теме «{ $detail }».
notification-discussion-mention-setting = Упоминания в обсуждениях
notification-discussion-accepted = { $actor } отметил(а) ваш ответ как решение в теме «{ $detail }».
notification-discussion-accepted-setting = Мои ответы отмечены как решение
notifications-digest-legend = Обсуждения по почте
notifications-digest-hint = Следите за многими темами? Одно письмо в день или в неделю вместо письма на каждое сообщение.
notifications-digest-each = Письмо на каждое уведомление
notifications-digest-daily = Ежедневная сводка
notifications-digest-weekly = Еженедельная сводка
mail-digest-subject-daily = Circula: новое в обсуждениях за день — { $count }
mail-digest-subject-weekly = Circula: новое в обсуждениях за неделю — { $count }
mail-digest-body = Что произошло в обсуждениях, за которыми вы следите:

    { $items }

    Изменить способ получения: { $settings }
mail-digest-more = { $count ->
    [one] … и ещё { $n }.
    [few] … и ещё { $n }.
   *[many] … и ещё { $n }.
}
error-digest-unknown = Выберите письмо на каждое уведомление, ежедневную или еженедельную сводку.
notification-survey-open = Как прошло мероприятие «{ $detail }»? Организаторы просят ваш отзыв.
notification-survey-open-setting = Опросы после мероприятий
notification-survey-reminder = Напоминание: опрос о мероприятии «{ $detail }» ещё открыт.
notification-survey-reminder-setting = Напоминания об опросах
