-- What the sender (package notify) needs besides the outbox of 00001.

-- +goose Up
-- started_at: when the current claim began transmitting the notice. A claim
-- that expires (its daemon died) with started_at set may have been delivered:
-- the notice becomes 'uncertain' instead of being sent again.
ALTER TABLE outbox ADD COLUMN started_at TIMESTAMP;
-- first_tried_at: the first claim of the notice; temporary failures are
-- retried until it is older than the retry window.
ALTER TABLE outbox ADD COLUMN first_tried_at TIMESTAMP;
-- The per-recipient cap counts what went to one address in the last hour.
CREATE INDEX outbox_recipient_sent ON outbox (recipient, sent_at);

-- +goose Down
DROP INDEX outbox_recipient_sent;
ALTER TABLE outbox DROP COLUMN first_tried_at;
ALTER TABLE outbox DROP COLUMN started_at;
