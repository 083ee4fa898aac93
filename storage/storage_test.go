package storage_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zapisy/intake"
	"zapisy/storage"
	"zapisy/storage/storagetest"
)

func TestMain(m *testing.M) { storagetest.Main(m) }

// eachDB runs fn against a fresh SQLite database and a fresh PostgreSQL one.
var eachDB = storagetest.EachDB

var now = time.Date(2014, 11, 10, 9, 0, 0, 0, storage.Warsaw)

func meeting(id string, day, capacity int) storage.Meeting {
	start := time.Date(2014, 11, day, 16, 0, 0, 0, storage.Warsaw)
	return storage.Meeting{ID: id, Title: "Spotkanie " + id, StartsAt: start, EndsAt: start.Add(2 * time.Hour), Location: "ul. Józefińska 18, Kraków", Capacity: capacity}
}

func setup(t *testing.T, db *storage.DB, ms ...storage.Meeting) {
	t.Helper()
	if _, err := db.ImportMeetings(context.Background(), ms, now); err != nil {
		t.Fatal(err)
	}
}

func signUp(meetingID, email string, attendees int) intake.Decision {
	return intake.Decision{Action: intake.Register, Registrations: []intake.Registration{{
		MeetingID: meetingID, Organization: "Stowarzyszenie Łąka", ContactName: "Anna Żółć", Email: email, Attendees: attendees,
	}}}
}

func apply(t *testing.T, db *storage.DB, d intake.Decision) storage.Outcome {
	t.Helper()
	out, err := db.Apply(context.Background(), storage.Change{Decision: d, Source: storage.SourceEmail, Actor: "test", SourceRef: "signup@example.org", ReplyTo: "signup@example.org", Now: now})
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	return out
}

func kinds(t *testing.T, db *storage.DB, regID string) []string {
	t.Helper()
	ns, err := db.Notices(context.Background(), storage.NoticeFilter{RegistrationID: regID})
	if err != nil {
		t.Fatal(err)
	}
	var ks []string
	for _, n := range ns {
		if n.Status != "skipped" {
			ks = append(ks, n.Kind)
		}
	}
	return ks
}

func TestMigrateTwiceAndRefuseNewerSchema(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		db, err := storage.Open(ctx, "", dir)
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		db.Close()
	}
	db, err := storage.OpenSQLite(ctx, filepath.Join(dir, "zapisy.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.X.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (9999, 1)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = storage.Open(ctx, "", dir)
	if err == nil || !strings.Contains(err.Error(), "newer than this program knows") {
		t.Fatalf("open on a newer schema: got %v, want a refusal", err)
	}
}

func TestOpenRejectsBadURL(t *testing.T) {
	for _, url := range []string{"mysql://x", "postgres://u:secret@localhost/db"} {
		_, err := storage.Open(context.Background(), url, t.TempDir())
		if err == nil {
			t.Fatalf("Open(%q): no error", url)
		}
		if strings.Contains(err.Error(), "secret") {
			t.Errorf("error shows the password: %v", err)
		}
	}
}

func TestImportMeetingsIdempotentAndChanges(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		m := meeting("m2", 19, 60)
		res, err := db.ImportMeetings(ctx, []storage.Meeting{m}, now)
		if err != nil || res.Added != 1 {
			t.Fatalf("first import: %+v, %v", res, err)
		}
		res, err = db.ImportMeetings(ctx, []storage.Meeting{m}, now)
		if err != nil || res.Unchanged != 1 || res.Added != 0 {
			t.Fatalf("second import: %+v, %v", res, err)
		}
		out := apply(t, db, signUp("m2", "anna@example.org", 1))
		m.StartsAt = m.StartsAt.Add(time.Hour)
		m.EndsAt = m.EndsAt.Add(time.Hour)
		res, err = db.ImportMeetings(ctx, []storage.Meeting{m}, now)
		if err != nil || res.Changed != 1 || len(res.ChangedIDs) != 1 {
			t.Fatalf("moved meeting: %+v, %v", res, err)
		}
		got, err := db.GetMeeting(ctx, "m2")
		if err != nil {
			t.Fatal(err)
		}
		if got.Sequence != 1 || !got.StartsAt.Equal(m.StartsAt) {
			t.Errorf("meeting after the move: sequence %d start %v, want 1 and %v", got.Sequence, got.StartsAt, m.StartsAt)
		}
		if got.StartsAt.Location() != storage.Warsaw {
			t.Errorf("meeting time in %v, want Europe/Warsaw", got.StartsAt.Location())
		}
		ns, err := db.Notices(ctx, storage.NoticeFilter{RegistrationID: out.Registrations[0].ID, Kind: "reminder-1d"})
		if err != nil || len(ns) != 1 {
			t.Fatalf("reminder: %v, %v", ns, err)
		}
		if want := m.StartsAt.Add(-24 * time.Hour); !ns[0].NotBefore.Equal(want) {
			t.Errorf("reminder moved to %v, want %v", ns[0].NotBefore, want)
		}
		if ks := kinds(t, db, out.Registrations[0].ID); !contains(ks, "changed-1") {
			t.Errorf("notices %v lack changed-1", ks)
		}
	})
}

// TestImportCancelledMeetingTellsNobody: re-importing a file that moves a
// meeting cancelled since changes its data but mails none of its registrants.
func TestImportCancelledMeetingTellsNobody(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		m := meeting("m2", 19, 1)
		setup(t, db, m)
		a := apply(t, db, signUp("m2", "a@example.org", 1)).Registrations[0]
		b := apply(t, db, signUp("m2", "b@example.org", 1)).Registrations[0] // waiting list
		if err := db.CancelMeeting(ctx, "m2", "staff: test", now); err != nil {
			t.Fatal(err)
		}
		before := map[string][]string{a.ID: kinds(t, db, a.ID), b.ID: kinds(t, db, b.ID)}
		m.StartsAt, m.EndsAt, m.Capacity = m.StartsAt.Add(time.Hour), m.EndsAt.Add(time.Hour), 10
		res, err := db.ImportMeetings(ctx, []storage.Meeting{m}, now)
		if err != nil || res.Changed != 1 {
			t.Fatalf("import: %+v, %v", res, err)
		}
		got, _ := db.GetMeeting(ctx, "m2")
		if !got.Cancelled || !got.StartsAt.Equal(m.StartsAt) {
			t.Errorf("meeting cancelled=%v starts %v, want still cancelled, data stored", got.Cancelled, got.StartsAt)
		}
		for id, ks := range before {
			if after := kinds(t, db, id); strings.Join(after, ",") != strings.Join(ks, ",") {
				t.Errorf("%s: notices %v after the import, want %v", id, after, ks)
			}
		}
		if r, _ := db.GetRegistration(ctx, b.ID); r.Status != storage.StatusWaitlisted {
			t.Errorf("waiting registration became %s", r.Status)
		}
	})
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func TestCapacityWaitlistAndPromotion(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		setup(t, db, meeting("m1", 17, 3))
		a := apply(t, db, signUp("m1", "a@example.org", 2)).Registrations[0]
		b := apply(t, db, signUp("m1", "b@example.org", 2)).Registrations[0]
		c := apply(t, db, signUp("m1", "c@example.org", 1)).Registrations[0]
		if a.Status != storage.StatusRegistered || b.Status != storage.StatusWaitlisted || c.Status != storage.StatusWaitlisted {
			t.Fatalf("statuses %s %s %s, want registered waitlisted waitlisted (nobody jumps the queue)", a.Status, b.Status, c.Status)
		}
		if ks := kinds(t, db, a.ID); strings.Join(ks, ",") != "confirmation,reminder-1d" {
			t.Errorf("a's notices %v", ks)
		}
		ns, _ := db.Notices(ctx, storage.NoticeFilter{RegistrationID: c.ID})
		if len(ns) != 1 || ns[0].Kind != "waitlisted" || !strings.Contains(ns[0].Data, `"position":2`) {
			t.Errorf("c's notices %+v, want waitlisted at position 2", ns)
		}
		if _, err := db.Withdraw(ctx, a.ID, "staff: test", now); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{b.ID, c.ID} {
			r, _ := db.GetRegistration(ctx, id)
			if r.Status != storage.StatusRegistered {
				t.Errorf("%s: status %s after a freed place, want registered", r.Email, r.Status)
			}
			if ks := kinds(t, db, id); !contains(ks, "promoted") || !contains(ks, "reminder-1d") {
				t.Errorf("%s: notices %v, want promoted and a reminder", r.Email, ks)
			}
		}
		if ks := kinds(t, db, a.ID); strings.Join(ks, ",") != "confirmation,withdrawn" {
			t.Errorf("withdrawn registration's live notices %v, want the reminder dropped", ks)
		}
		evs, _ := db.Events(ctx, b.ID)
		if len(evs) != 2 || !strings.HasPrefix(evs[1].Actor, "system: place freed by staff: test") {
			t.Errorf("b's history %+v", evs)
		}
	})
}

func TestRepeatedSignUpGivesExisting(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		setup(t, db, meeting("m2", 19, 60))
		first := apply(t, db, signUp("m2", "Anna@Example.org", 1))
		second := apply(t, db, signUp("m2", "anna@example.org", 1))
		if !second.Existing[0] || second.Registrations[0].ID != first.Registrations[0].ID {
			t.Fatalf("second sign-up made %+v, want the first back", second)
		}
		regs, _ := db.Registrations(context.Background(), storage.RegistrationFilter{MeetingID: "m2"})
		if len(regs) != 1 {
			t.Errorf("%d registrations, want 1", len(regs))
		}
	})
}

func TestRejections(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		setup(t, db, meeting("m1", 9, 10), meeting("m2", 19, 10))
		ctx := context.Background()
		for _, tc := range []struct {
			name string
			d    intake.Decision
			want string
		}{
			{"unknown meeting", signUp("m9", "a@example.org", 1), "does not exist"},
			{"past meeting", signUp("m1", "a@example.org", 1), "already started"},
			{"nothing to withdraw", intake.Decision{Action: intake.Cancel, Registrations: []intake.Registration{{MeetingID: "m2", Email: "x@example.org"}}}, "no active registration"},
		} {
			_, err := db.Apply(ctx, storage.Change{Decision: tc.d, Source: storage.SourceEmail, Now: now})
			reason, ok := storage.IsReject(err)
			if !ok || !strings.Contains(reason, tc.want) {
				t.Errorf("%s: got %v, want a rejection saying %q", tc.name, err, tc.want)
			}
		}
	})
}

func TestInboundStoreSettleAndCheckpoint(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		setup(t, db, meeting("m2", 19, 60))
		raw := []byte("Message-ID: <a1@example.org>\r\nFrom: anna@example.org\r\n\r\nZapisuję się na 19 listopada.\r\n")
		in := storage.Inbound{Mailbox: "INBOX", UIDValidity: 7, UID: 1, Raw: raw}
		in.MessageID.String, in.MessageID.Valid = "a1@example.org", true
		stored, res, err := db.StoreInbound(ctx, in, now)
		if err != nil || res != storage.Stored {
			t.Fatalf("store: %v %v", res, err)
		}
		if _, res, _ := db.StoreInbound(ctx, in, now); res != storage.Known {
			t.Errorf("same position again: %v, want Known", res)
		}
		moved := in
		moved.Mailbox, moved.UID = "Archiwum", 40
		if old, res, _ := db.StoreInbound(ctx, moved, now); res != storage.Duplicate || old.ID != stored.ID {
			t.Errorf("copy in another folder: %v %s, want Duplicate of %s", res, old.ID, stored.ID)
		}
		back, _ := db.InboundRaw(ctx, stored.ID)
		if string(back) != string(raw) {
			t.Errorf("raw bytes changed: %q", back)
		}
		env := intake.Envelope{MessageID: "a1@example.org", From: "anna@example.org"}
		d, out, err := db.Settle(ctx, storage.Settlement{Inbound: stored, Envelope: env, Decision: signUp("m2", "anna@example.org", 2), Now: now, Checkpoint: true})
		if err != nil || d.Action != intake.Register || len(out.Registrations) != 1 {
			t.Fatalf("settle: %+v %+v %v", d, out, err)
		}
		cp, err := db.GetCheckpoint(ctx, "INBOX")
		if err != nil || cp.UIDValidity != 7 || cp.LastUID != 1 {
			t.Errorf("checkpoint %+v %v, want 7/1", cp, err)
		}
		ns, _ := db.Notices(ctx, storage.NoticeFilter{RegistrationID: out.Registrations[0].ID, Kind: "confirmation"})
		if len(ns) != 1 || ns[0].InReplyTo != "a1@example.org" || ns[0].Recipient != "anna@example.org" {
			t.Errorf("confirmation %+v, want one threaded to the sign-up", ns)
		}
		// Settling again (a restart after the commit) changes nothing.
		again, _ := db.GetInbound(ctx, stored.ID)
		if _, out2, err := db.Settle(ctx, storage.Settlement{Inbound: again, Envelope: env, Decision: signUp("m2", "anna@example.org", 2), Now: now, Checkpoint: true}); err != nil || len(out2.Registrations) != 0 {
			t.Errorf("second settle: %+v %v", out2, err)
		}
		// The checkpoint never goes back under the same UIDVALIDITY, and
		// starts afresh under a new one.
		_ = db.SetCheckpoint(ctx, "INBOX", 7, 0, now)
		if cp, _ := db.GetCheckpoint(ctx, "INBOX"); cp.LastUID != 1 {
			t.Errorf("checkpoint went back to %d", cp.LastUID)
		}
		_ = db.SetCheckpoint(ctx, "INBOX", 8, 0, now)
		if cp, _ := db.GetCheckpoint(ctx, "INBOX"); cp.UIDValidity != 8 || cp.LastUID != 0 {
			t.Errorf("checkpoint after new UIDVALIDITY %+v", cp)
		}
		if _, err := db.GetCheckpoint(ctx, "Other"); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("missing checkpoint: %v, want ErrNotFound", err)
		}
	})
}

func TestSettleRejectedGoesToReview(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		setup(t, db, meeting("m2", 19, 60))
		in := storage.Inbound{Mailbox: "INBOX", UIDValidity: 1, UID: 5, Raw: []byte("x")}
		stored, _, err := db.StoreInbound(ctx, in, now)
		if err != nil {
			t.Fatal(err)
		}
		d, _, err := db.Settle(ctx, storage.Settlement{Inbound: stored, Decision: signUp("m7", "a@example.org", 1), Now: now, Checkpoint: true})
		if err != nil || d.Action != intake.Review || !strings.Contains(d.Reason, "does not exist") {
			t.Fatalf("settle: %+v %v, want review", d, err)
		}
		q, _ := db.InboundMessages(ctx, storage.InboundFilter{ReviewOpen: true})
		if len(q) != 1 || q[0].ID != stored.ID {
			t.Errorf("review queue %+v", q)
		}
		regs, _ := db.Registrations(ctx, storage.RegistrationFilter{})
		if len(regs) != 0 {
			t.Errorf("a rejected sign-up left %d registrations", len(regs))
		}
	})
}

func TestReadMeetingsCSV(t *testing.T) {
	good := "id,title,starts_at,ends_at,location,capacity\nm1,\"Program współpracy\",2014-11-17T10:00:00+01:00,2014-11-17T12:00:00+01:00,\"ul. Józefińska 18\",40\n"
	ms, err := storage.ReadMeetingsCSV(strings.NewReader("\ufeff" + good))
	if err != nil || len(ms) != 1 || ms[0].Title != "Program współpracy" || ms[0].Capacity != 40 {
		t.Fatalf("good file: %+v %v", ms, err)
	}
	for _, tc := range []struct{ name, text, want string }{
		{"empty", "", "empty"},
		{"header", "id,title\n", "line 1"},
		{"bad time", good + "m2,X,19.11.2014,2014-11-19T18:00:00+01:00,Y,10\n", "line 3: starts_at"},
		{"bad capacity", good + "m2,X,2014-11-19T16:00:00+01:00,2014-11-19T18:00:00+01:00,Y,dużo\n", "line 3: capacity"},
		{"duplicate", good + "m1,X,2014-11-19T16:00:00+01:00,2014-11-19T18:00:00+01:00,Y,1\n", "already used on line 2"},
		{"end before start", good + "m2,X,2014-11-19T18:00:00+01:00,2014-11-19T16:00:00+01:00,Y,1\n", "line 3: ends_at is not after"},
		{"columns", good + "m2,X\n", "line 3: 2 columns"},
	} {
		_, err := storage.ReadMeetingsCSV(strings.NewReader(tc.text))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error with %q", tc.name, err, tc.want)
		}
	}
	if f, err := os.Open("../../shared/corpus/meetings.csv"); err == nil {
		defer f.Close()
		if ms, err := storage.ReadMeetingsCSV(f); err != nil || len(ms) != 6 {
			t.Errorf("corpus meetings: %d, %v", len(ms), err)
		}
	}
}

// Two folders holding copies of one message may settle it at the same
// moment: exactly one applies its decision.
func TestConcurrentSettleAppliesOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		setup(t, db, meeting("m2", 19, 60))
		in := storage.Inbound{Mailbox: "INBOX", UIDValidity: 1, UID: 9, Raw: []byte("x")}
		stored, _, err := db.StoreInbound(ctx, in, now)
		if err != nil {
			t.Fatal(err)
		}
		env := intake.Envelope{MessageID: "twice@example.org"}
		errs := make(chan error, 4)
		for i := 0; i < 4; i++ {
			go func() {
				_, _, err := db.Settle(ctx, storage.Settlement{Inbound: stored, Envelope: env, Decision: signUp("m2", "a@example.org", 1), Now: now})
				errs <- err
			}()
		}
		for i := 0; i < 4; i++ {
			if err := <-errs; err != nil {
				t.Errorf("settle: %v", err)
			}
		}
		regs, _ := db.Registrations(ctx, storage.RegistrationFilter{})
		ns, _ := db.Notices(ctx, storage.NoticeFilter{Kind: "confirmation"})
		if len(regs) != 1 || len(ns) != 1 {
			t.Errorf("%d registrations and %d confirmations, want 1 and 1", len(regs), len(ns))
		}
	})
}

func TestResolveReviewOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		setup(t, db, meeting("m2", 19, 60))
		stored, _, err := db.StoreInbound(ctx, storage.Inbound{Mailbox: "INBOX", UIDValidity: 1, UID: 3, Raw: []byte("x")}, now)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.Settle(ctx, storage.Settlement{Inbound: stored, Decision: intake.Decision{Action: intake.Review, Reason: "no meeting named"}, Now: now}); err != nil {
			t.Fatal(err)
		}
		errs := make(chan error, 3)
		for i := 0; i < 3; i++ {
			go func() {
				_, err := db.ResolveReview(ctx, stored.ID, "Martyna", signUp("m2", "a@example.org", 1), intake.Envelope{MessageID: "r@example.org"}, now)
				errs <- err
			}()
		}
		closed := 0
		for i := 0; i < 3; i++ {
			if err := <-errs; errors.Is(err, storage.ErrReviewClosed) {
				closed++
			} else if err != nil {
				t.Errorf("resolve: %v", err)
			}
		}
		regs, _ := db.Registrations(ctx, storage.RegistrationFilter{})
		if closed != 2 || len(regs) != 1 {
			t.Errorf("%d refused as already resolved, %d registrations; want 2 and 1", closed, len(regs))
		}
		if q, _ := db.InboundMessages(ctx, storage.InboundFilter{ReviewOpen: true}); len(q) != 0 {
			t.Errorf("review queue still holds %d", len(q))
		}
	})
}

func TestCount(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		setup(t, db, meeting("m1", 17, 2))
		apply(t, db, signUp("m1", "a@example.org", 2))
		apply(t, db, signUp("m1", "b@example.org", 1))
		n, err := db.Count(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n.Registrations["registered"] != 1 || n.Registrations["waitlisted"] != 1 || n.Notices["queued"] != 3 || n.ReviewOpen != 0 {
			t.Errorf("counts %+v, want 1 registered, 1 waitlisted, 3 notices queued (confirmation, reminder, waiting list)", n)
		}
	})
}

// A sender who never answers the question which meeting they meant: the
// sign-up expires and the message goes back to staff.
func TestPendingExpiresBackToReview(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		setup(t, db, meeting("m2", 19, 60))
		stored, _, err := db.StoreInbound(ctx, storage.Inbound{Mailbox: "INBOX", UIDValidity: 1, UID: 4, Raw: []byte("x")}, now)
		if err != nil {
			t.Fatal(err)
		}
		who := intake.Registration{Organization: "Fundacja Łąka", Email: "a@example.org", Attendees: 2}
		d := intake.Decision{Action: intake.Review, Reason: "no meeting named", Clarify: &who}
		if _, _, err := db.Settle(ctx, storage.Settlement{Inbound: stored, Envelope: intake.Envelope{MessageID: "q@example.org"}, Decision: d, Now: now}); err != nil {
			t.Fatal(err)
		}
		if q, _ := db.InboundMessages(ctx, storage.InboundFilter{ReviewOpen: true}); len(q) != 0 {
			t.Fatalf("waiting for the answer, yet in the review queue")
		}
		if n, err := db.ExpirePending(ctx, 72*time.Hour, now.Add(71*time.Hour)); err != nil || n != 0 {
			t.Fatalf("expired too early: %d %v", n, err)
		}
		if n, err := db.ExpirePending(ctx, 72*time.Hour, now.Add(73*time.Hour)); err != nil || n != 1 {
			t.Fatalf("ExpirePending: %d %v", n, err)
		}
		q, _ := db.InboundMessages(ctx, storage.InboundFilter{ReviewOpen: true})
		if len(q) != 1 || !strings.HasPrefix(q[0].Reason, "no answer to the question") {
			t.Errorf("review queue after expiry: %+v", q)
		}
		regs, _ := db.Registrations(ctx, storage.RegistrationFilter{Status: storage.StatusExpired})
		if len(regs) != 1 {
			t.Errorf("%d expired registrations, want 1", len(regs))
		}
	})
}

func TestReminderDueKeepsLocalTimeAcrossDST(t *testing.T) {
	// Summer time ends in Poland on 26 October 2014 at 03:00.
	start := time.Date(2014, 10, 27, 10, 0, 0, 0, storage.Warsaw)
	for _, tc := range []struct {
		off  time.Duration
		want time.Time
	}{
		{24 * time.Hour, time.Date(2014, 10, 26, 10, 0, 0, 0, storage.Warsaw)},
		{72 * time.Hour, time.Date(2014, 10, 24, 10, 0, 0, 0, storage.Warsaw)},
		{6 * time.Hour, start.Add(-6 * time.Hour)},
	} {
		if got := storage.ReminderDue(start, tc.off); !got.Equal(tc.want) {
			t.Errorf("ReminderDue(%v, %v) = %v, want %v", start, tc.off, got.In(storage.Warsaw), tc.want)
		}
	}
}

func TestAddMeetingNeverOverwrites(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		m := meeting("m7", 20, 30)
		if err := db.AddMeeting(ctx, m, now); err != nil {
			t.Fatalf("add: %v", err)
		}
		got, err := db.GetMeeting(ctx, "m7")
		if err != nil || got.Title != m.Title || !got.StartsAt.Equal(m.StartsAt) || !got.EndsAt.Equal(m.EndsAt) ||
			got.Location != m.Location || got.Capacity != 30 || got.Sequence != 0 || got.Cancelled {
			t.Fatalf("added meeting %+v, %v; want %+v", got, err, m)
		}
		other := meeting("m7", 21, 5)
		other.Title = "Inne spotkanie"
		err = db.AddMeeting(ctx, other, now)
		if !errors.Is(err, storage.ErrMeetingExists) {
			t.Fatalf("second add of m7: %v, want ErrMeetingExists", err)
		}
		if got, _ := db.GetMeeting(ctx, "m7"); got.Title != m.Title || got.Capacity != 30 {
			t.Errorf("overwritten: %+v", got)
		}
		// The connection is usable after the refused insert (PostgreSQL).
		if err := db.AddMeeting(ctx, meeting("m8", 21, 0), now); err != nil {
			t.Errorf("add after a refusal: %v", err)
		}
	})
}
