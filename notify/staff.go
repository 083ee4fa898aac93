package notify

import (
	"context"
	"sort"
	"time"

	"zapisy/storage"
)

// Problems lists the notices staff must look at: failed (refused by the
// server or given up after the retry window; LastError holds the server's
// answer) and uncertain (connection lost after the data: perhaps
// delivered, not sent again). Oldest first. For `zapisy outbox list
// --failed` and the web desk.
func Problems(ctx context.Context, db *storage.DB) ([]storage.Notice, error) {
	var out []storage.Notice
	for _, st := range []string{storage.NoticeFailed, storage.NoticeUncertain} {
		ns, err := db.Notices(ctx, storage.NoticeFilter{Status: st})
		if err != nil {
			return nil, err
		}
		out = append(out, ns...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedAt.Before(out[j].CreatedAt) })
	return out, nil
}

// Resend queues a failed, uncertain or skipped notice again, due now, with
// its Message-ID unchanged (a duplicate is recognisable). The daemon's
// sender picks it up (call Sender.Nudge when in the same process). staff
// is recorded with the notice.
func Resend(ctx context.Context, db *storage.DB, noticeID, staff string, now time.Time) error {
	return db.RequeueNotice(ctx, noticeID, staff, now)
}

// CallList is the reminder call list of a meeting: registrants without an
// email address (phone sign-ups) and those whose mailed reminder failed,
// with their phone numbers, for `zapisy reminders calls --meeting m2`.
func CallList(ctx context.Context, db *storage.DB, meetingID string) ([]storage.CallEntry, error) {
	if _, err := db.GetMeeting(ctx, meetingID); err != nil {
		return nil, err
	}
	return db.CallList(ctx, meetingID)
}
