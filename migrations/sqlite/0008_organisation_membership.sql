-- Organisation membership is confirmed, no longer self-declared (security issue 16).
--
-- `members.organisation_id` now names only the organisation of which someone is a confirmed
-- member. Everything that shows an affiliation (profiles, the directory and its search, an
-- organisation's member list and count) and the right to edit an organisation read that one
-- column, so none of them can show or honour an unconfirmed claim. A wish to join is a row of
-- `organisation_requests` until a confirmed member or an admin approves it; a declined row
-- keeps its time, so the same member cannot ask again at once, and `notified_at` keeps a
-- member who switches back and forth from notifying the organisation more than once a day.
-- `organisation_history` records who changed an organisation's public face, and when, and
-- who approved, declined or removed whom.
--
-- Existing data: until now anyone could name any organisation, so a declared affiliation
-- proves nothing. Of each organisation's declared members one stays confirmed: its creator
-- when they still name it, otherwise the member who registered first (lowest id; when each
-- member named the organisation was never recorded). That member is the likeliest honest
-- one (a take-over, as in the probe, comes later), and every organisation keeps someone
-- who can edit it and answer the others. Every other declared member becomes a pending
-- request that this member, or an admin, approves or declines; until then their profile
-- shows no affiliation. (All-pending would be stricter but would leave every organisation
-- without an editor until an admin had worked through all of them.)

CREATE TABLE organisation_requests (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    member_id       INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    -- pending, approved, declined or withdrawn
    status          TEXT NOT NULL DEFAULT 'pending',
    created_at      INTEGER NOT NULL,
    notified_at     INTEGER,
    answered_at     INTEGER,
    answered_by     INTEGER REFERENCES members(id) ON DELETE SET NULL,
    UNIQUE (organisation_id, member_id)
);
-- A member waits for one organisation at a time.
CREATE UNIQUE INDEX organisation_requests_one_pending ON organisation_requests (member_id)
    WHERE status = 'pending';
CREATE INDEX organisation_requests_status ON organisation_requests (organisation_id, status);

CREATE TABLE organisation_history (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    actor_id        INTEGER REFERENCES members(id) ON DELETE SET NULL,
    -- edited, approved, declined or removed
    action          TEXT NOT NULL,
    -- The member approved, declined or removed.
    subject_id      INTEGER REFERENCES members(id) ON DELETE SET NULL,
    -- edited: the fields changed, comma-separated, e.g. "name,website".
    fields          TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL
);
CREATE INDEX organisation_history_organisation ON organisation_history (organisation_id, id);

INSERT INTO organisation_requests (organisation_id, member_id, status, created_at)
SELECT m.organisation_id, m.id, 'pending', CAST(strftime('%s', 'now') AS INTEGER) * 1000
FROM members m
WHERE m.organisation_id IS NOT NULL
  AND m.id <> COALESCE(
        (SELECT o.created_by FROM organisations o
         WHERE o.id = m.organisation_id
           AND EXISTS (SELECT 1 FROM members c
                       WHERE c.id = o.created_by AND c.organisation_id = o.id)),
        (SELECT MIN(f.id) FROM members f WHERE f.organisation_id = m.organisation_id));

UPDATE members SET organisation_id = NULL
WHERE id IN (SELECT member_id FROM organisation_requests WHERE status = 'pending');
