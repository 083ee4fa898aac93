-- One schema for SQLite and PostgreSQL. Portable on purpose:
-- * ids are TEXT (UUIDv7 made in Go), so no SERIAL/AUTOINCREMENT dialects;
-- * times are TIMESTAMP holding UTC, written by Go truncated to whole
--   seconds, so that SQLite's text comparison orders them correctly;
-- * raw mail is BYTEA (SQLite keeps blobs as they are under that name).

-- +goose Up
CREATE TABLE meetings (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    starts_at   TIMESTAMP NOT NULL,
    ends_at     TIMESTAMP NOT NULL,
    location    TEXT NOT NULL DEFAULT '',
    capacity    INTEGER NOT NULL DEFAULT 0,       -- attendees; 0 = no limit
    cancelled   BOOLEAN NOT NULL DEFAULT FALSE,
    sequence    INTEGER NOT NULL DEFAULT 0,       -- iCalendar SEQUENCE: rises with every change
    updated_at  TIMESTAMP NOT NULL
);

-- Every message fetched from a mailbox, stored before anything else is done
-- with it, and what was decided about it.
CREATE TABLE inbound_messages (
    id              TEXT PRIMARY KEY,
    mailbox         TEXT NOT NULL,                -- watched mailbox ("account/folder"); 'local' for files
    uid_validity    BIGINT NOT NULL,
    uid             BIGINT NOT NULL,
    message_id      TEXT,                         -- NULL when the message has none
    raw             BYTEA NOT NULL,
    size            BIGINT NOT NULL,
    sender          TEXT NOT NULL DEFAULT '',
    subject         TEXT NOT NULL DEFAULT '',
    received_at     TIMESTAMP NOT NULL,
    decided_at      TIMESTAMP,                    -- NULL until decided
    action          TEXT,                         -- register | review | cancel | ignore
    reason          TEXT NOT NULL DEFAULT '',
    decision        TEXT NOT NULL DEFAULT '',     -- the decision as JSON
    review_state    TEXT NOT NULL DEFAULT '',     -- '' | open | done
    reviewed_by     TEXT NOT NULL DEFAULT '',
    server_done_at  TIMESTAMP,                    -- moved/flagged on the IMAP server
    UNIQUE (mailbox, uid_validity, uid)
);
CREATE UNIQUE INDEX inbound_messages_message_id ON inbound_messages (message_id);
CREATE INDEX inbound_messages_review ON inbound_messages (review_state);

-- Per watched mailbox: how far it has been worked.
CREATE TABLE mailbox_checkpoints (
    mailbox       TEXT PRIMARY KEY,
    uid_validity  BIGINT NOT NULL,
    last_uid      BIGINT NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE registrations (
    id            TEXT PRIMARY KEY,
    meeting_id    TEXT REFERENCES meetings (id),  -- NULL while pending a clarification
    status        TEXT NOT NULL,                  -- registered | waitlisted | withdrawn | pending | expired
    organization  TEXT NOT NULL DEFAULT '',
    krs           TEXT NOT NULL DEFAULT '',
    contact_name  TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    attendees     INTEGER NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    lang          TEXT NOT NULL DEFAULT 'pl',
    source        TEXT NOT NULL,                  -- email | phone | web
    source_ref    TEXT NOT NULL DEFAULT '',       -- Message-ID, or the staff member who entered it
    inbound_id    TEXT REFERENCES inbound_messages (id),
    token         TEXT NOT NULL UNIQUE,           -- secret for the withdrawal link
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX registrations_meeting ON registrations (meeting_id, status);
CREATE INDEX registrations_email ON registrations (email);
CREATE INDEX registrations_phone ON registrations (phone);

-- Who or what changed a registration, and when.
CREATE TABLE registration_events (
    id               TEXT PRIMARY KEY,
    registration_id  TEXT NOT NULL REFERENCES registrations (id),
    at               TIMESTAMP NOT NULL,
    from_status      TEXT NOT NULL DEFAULT '',
    to_status        TEXT NOT NULL,
    actor            TEXT NOT NULL,               -- "mail <message-id>", "phone: staff name", "staff: name", "system"
    detail           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX registration_events_registration ON registration_events (registration_id);

-- Every notice owed, written in the same transaction as the change that
-- causes it. One row per (registration, kind): nothing can be queued twice.
CREATE TABLE outbox (
    id               TEXT PRIMARY KEY,
    registration_id  TEXT REFERENCES registrations (id),
    kind             TEXT NOT NULL,               -- confirmation | waitlisted | promoted | withdrawn | reminder-1d | changed-N | cancelled | clarification
    message_id       TEXT NOT NULL UNIQUE,        -- fixed when queued, kept across retries
    recipient        TEXT NOT NULL,
    in_reply_to      TEXT NOT NULL DEFAULT '',
    refs             TEXT NOT NULL DEFAULT '',    -- References, space-separated, without brackets
    lang             TEXT NOT NULL DEFAULT 'pl',
    data             TEXT NOT NULL DEFAULT '{}',  -- JSON for the template (e.g. waiting-list position)
    status           TEXT NOT NULL DEFAULT 'queued', -- queued | sending | sent | failed | uncertain | skipped
    not_before       TIMESTAMP NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT NOT NULL DEFAULT '',
    claimed_by       TEXT NOT NULL DEFAULT '',
    claimed_until    TIMESTAMP,
    created_at       TIMESTAMP NOT NULL,
    sent_at          TIMESTAMP,
    UNIQUE (registration_id, kind)
);
CREATE INDEX outbox_due ON outbox (status, not_before);

-- +goose Down
DROP TABLE outbox;
DROP TABLE registration_events;
DROP TABLE registrations;
DROP TABLE mailbox_checkpoints;
DROP TABLE inbound_messages;
DROP TABLE meetings;
