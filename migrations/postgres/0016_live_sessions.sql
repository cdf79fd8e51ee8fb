-- Live sessions: questions to the speakers with votes, polls, feedback on sessions and the
-- event's survey afterwards. Texts that organisers give in up to four languages are JSON
-- objects (locale → text).

-- How an event runs its sessions' questions (defaults when there is no row).
CREATE TABLE live_settings (
    event_id       BIGINT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    -- Questions open this many minutes before a session starts and close this many after it ends.
    open_before    BIGINT NOT NULL DEFAULT 30,
    close_after    BIGINT NOT NULL DEFAULT 30,
    -- New questions wait for a moderator's approval.
    approve_first  BIGINT NOT NULL DEFAULT 0
);

-- state: pending (awaits approval), visible, hidden, answered.
CREATE TABLE live_questions (
    id          BIGSERIAL PRIMARY KEY,
    session_id  BIGINT NOT NULL REFERENCES event_sessions(id) ON DELETE CASCADE,
    author_id   BIGINT REFERENCES members(id) ON DELETE SET NULL,
    anonymous   BIGINT NOT NULL DEFAULT 0,
    body        TEXT NOT NULL,
    state       TEXT NOT NULL,
    pinned      BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX live_questions_session ON live_questions (session_id, id);
CREATE INDEX live_questions_author ON live_questions (author_id);

-- One vote per member and question: the primary key says so.
CREATE TABLE live_question_votes (
    question_id BIGINT NOT NULL REFERENCES live_questions(id) ON DELETE CASCADE,
    member_id   BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (question_id, member_id)
);
CREATE INDEX live_question_votes_member ON live_question_votes (member_id);

-- kind: single, multiple. state: draft, open, closed. results: after_vote, after_close.
CREATE TABLE live_polls (
    id          BIGSERIAL PRIMARY KEY,
    session_id  BIGINT NOT NULL REFERENCES event_sessions(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'draft',
    results     TEXT NOT NULL,
    question    TEXT NOT NULL,
    created_by  BIGINT REFERENCES members(id) ON DELETE SET NULL,
    created_at  BIGINT NOT NULL,
    opened_at   BIGINT,
    closed_at   BIGINT
);
CREATE INDEX live_polls_session ON live_polls (session_id, id);

CREATE TABLE live_poll_options (
    id       BIGSERIAL PRIMARY KEY,
    poll_id  BIGINT NOT NULL REFERENCES live_polls(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    label    TEXT NOT NULL,
    UNIQUE (poll_id, id)
);

-- One ballot per member and poll (the primary key); its choices name options of that poll
-- only (the composite foreign key).
CREATE TABLE live_poll_ballots (
    poll_id    BIGINT NOT NULL REFERENCES live_polls(id) ON DELETE CASCADE,
    member_id  BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (poll_id, member_id)
);
CREATE INDEX live_poll_ballots_member ON live_poll_ballots (member_id);

CREATE TABLE live_poll_choices (
    poll_id   BIGINT NOT NULL,
    member_id BIGINT NOT NULL,
    option_id BIGINT NOT NULL,
    PRIMARY KEY (poll_id, member_id, option_id),
    FOREIGN KEY (poll_id, member_id) REFERENCES live_poll_ballots(poll_id, member_id) ON DELETE CASCADE,
    FOREIGN KEY (poll_id, option_id) REFERENCES live_poll_options(poll_id, id) ON DELETE CASCADE
);
CREATE INDEX live_poll_choices_option ON live_poll_choices (poll_id, option_id);

-- A participant's rating of a session after it ended.
CREATE TABLE live_feedback (
    session_id BIGINT NOT NULL REFERENCES event_sessions(id) ON DELETE CASCADE,
    member_id  BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    rating     BIGINT NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment    TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (session_id, member_id)
);
CREATE INDEX live_feedback_member ON live_feedback (member_id);

-- The event's survey: sent (notification and mail) at opens_at, one reminder at remind_at,
-- answers taken until closes_at.
CREATE TABLE live_surveys (
    event_id    BIGINT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    opens_at    BIGINT NOT NULL,
    remind_at   BIGINT NOT NULL,
    closes_at   BIGINT NOT NULL,
    sent_at     BIGINT,
    reminded_at BIGINT,
    updated_at  BIGINT NOT NULL
);

-- kind: rating (1–5), choice (one of options), text.
CREATE TABLE live_survey_questions (
    id       BIGSERIAL PRIMARY KEY,
    event_id BIGINT NOT NULL REFERENCES live_surveys(event_id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    kind     TEXT NOT NULL,
    label    TEXT NOT NULL,
    options  TEXT NOT NULL DEFAULT '[]',
    required BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX live_survey_questions_event ON live_survey_questions (event_id, position);

CREATE TABLE live_survey_responses (
    event_id   BIGINT NOT NULL REFERENCES live_surveys(event_id) ON DELETE CASCADE,
    member_id  BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (event_id, member_id)
);
CREATE INDEX live_survey_responses_member ON live_survey_responses (member_id);

CREATE TABLE live_survey_answers (
    event_id    BIGINT NOT NULL,
    member_id   BIGINT NOT NULL,
    question_id BIGINT NOT NULL REFERENCES live_survey_questions(id) ON DELETE CASCADE,
    rating      BIGINT CHECK (rating BETWEEN 1 AND 5),
    choice      BIGINT,
    text        TEXT,
    PRIMARY KEY (event_id, member_id, question_id),
    FOREIGN KEY (event_id, member_id) REFERENCES live_survey_responses(event_id, member_id) ON DELETE CASCADE
);
CREATE INDEX live_survey_answers_question ON live_survey_answers (question_id);

-- What organisers and admins did that must be accountable: who, what, about what, when, why.
CREATE TABLE audit_log (
    id         BIGSERIAL PRIMARY KEY,
    actor_id   BIGINT REFERENCES members(id) ON DELETE SET NULL,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX audit_log_time ON audit_log (created_at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, created_at);
