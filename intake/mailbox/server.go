package mailbox

import (
	"fmt"

	"github.com/emersion/go-imap/v2"

	"zapisy/intake"
)

// target returns the folder (or, with FlagOnly, the keyword) for mail
// decided with action a.
func (s *session) target(a intake.Action) string {
	cfg := s.w.cfg
	switch {
	case cfg.FlagOnly && (a == intake.Register || a == intake.Cancel):
		return KeywordProcessed
	case cfg.FlagOnly && a == intake.Ignore:
		return KeywordIgnored
	case cfg.FlagOnly:
		return KeywordReview
	case a == intake.Register || a == intake.Cancel:
		return cfg.Folders.Processed
	case a == intake.Ignore:
		return cfg.Folders.Ignored
	}
	return cfg.Folders.Review
}

// act files a handled message on the server: MOVE to its folder (go-imap
// falls back to COPY + \Deleted + UID EXPUNGE where MOVE is missing), or
// with FlagOnly a keyword set in place. Both are harmless when repeated or
// when the UID is no longer in the folder.
func (s *session) act(uid uint32, a intake.Action) (string, error) {
	t := s.target(a)
	set := imap.UIDSetNum(imap.UID(uid))
	s.beginFiling()
	defer s.endFiling()
	err := s.guard(commandTimeout, func() error {
		if s.w.cfg.FlagOnly {
			return s.c.Store(set, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.Flag(t)}}, nil).Close()
		}
		_, err := s.c.Move(set, s.serverName(t)).Wait()
		return err
	})
	if err != nil {
		return t, fmt.Errorf("mailbox: file UID %d in %s: %w", uid, t, err)
	}
	return t, nil
}
