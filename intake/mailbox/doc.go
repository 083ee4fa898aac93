// Package mailbox is the IMAP side of intake: a Watcher works one mailbox
// folder, storing, deciding and filing every message that arrives in it
// exactly once, in the order set out in DESIGN.md ("Order of durable steps
// for one mail"):
//
//  1. fetch with BODY.PEEK (the staff's \Seen flag stays theirs), streamed
//     once into memory (larger than Config.MaxSize: the header only);
//  2. store the raw bytes (storage.StoreInbound: unique by mailbox,
//     UIDVALIDITY and UID, and by Message-ID);
//  3. decide (the Decider) and settle: the decision, the registrations and
//     notices it causes, and the mailbox checkpoint, in one transaction;
//  4. only then move the message to its folder (or flag it), and record
//     that this was done.
//
// A run that dies between 3 and 4 is finished by the next one; a run that
// dies before 3 leaves the checkpoint where it was, and the stored message
// is recognised when fetched again. New mail is noticed with IDLE, or by
// polling where the server lacks it. Faults end the connection, and the
// watcher reconnects with capped exponential backoff and jitter.
//
// One Watcher per Config; RunAll runs a list of them. With several daemons
// on one PostgreSQL database, a lease (an advisory lock) lets only one
// daemon work a given mailbox at a time.
package mailbox
