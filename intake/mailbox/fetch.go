package mailbox

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// msgInfo is a message of the folder as listed before fetching it.
type msgInfo struct {
	uid  uint32
	size int64
	date time.Time
}

// list returns the messages with a UID above after, in UID order.
func (s *session) list(after uint32, withDate bool) ([]msgInfo, error) {
	var bufs []*imapclient.FetchMessageBuffer
	err := s.guard(commandTimeout, func() error {
		var err error
		set := imap.UIDSet{imap.UIDRange{Start: imap.UID(after + 1), Stop: 0}} // after+1:*
		bufs, err = s.c.Fetch(set, &imap.FetchOptions{UID: true, RFC822Size: true, InternalDate: withDate}).Collect()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("mailbox: list new mail: %w", err)
	}
	var out []msgInfo
	for _, b := range bufs {
		// "UID n:*" always matches the highest UID, even below n.
		if uint32(b.UID) > after {
			out = append(out, msgInfo{uid: uint32(b.UID), size: b.RFC822Size, date: b.InternalDate})
		}
	}
	slices.SortFunc(out, func(a, b msgInfo) int { return int(int64(a.uid) - int64(b.uid)) })
	return out, nil
}

// fetch reads one message with BODY.PEEK (the staff's \Seen stays theirs),
// streaming it once into memory. A message larger than MaxSize is fetched
// by its header only, and oversize is true. found is false when the message
// is no longer in the folder.
func (s *session) fetch(m msgInfo) (raw []byte, oversize, found bool, err error) {
	max := s.w.cfg.MaxSize
	section := &imap.FetchItemBodySection{Peek: true}
	if m.size > max {
		oversize = true
		section.Specifier = imap.PartSpecifierHeader
	}
	err = s.guard(fetchTimeout, func() error {
		cmd := s.c.Fetch(imap.UIDSetNum(imap.UID(m.uid)), &imap.FetchOptions{
			UID:         true,
			BodySection: []*imap.FetchItemBodySection{section},
		})
		for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
			var uid uint32
			var body []byte
			var got bool
			for item := msg.Next(); item != nil; item = msg.Next() {
				switch it := item.(type) {
				case imapclient.FetchItemDataUID:
					uid = uint32(it.UID)
				case imapclient.FetchItemDataBodySection:
					if it.Literal == nil {
						continue
					}
					// Read it fully now: the next msg.Next() discards it.
					var buf bytes.Buffer
					buf.Grow(int(min(it.Literal.Size(), max) + 1))
					r := io.Reader(it.Literal)
					if hook := s.w.opt.hooks.midFetch; hook != nil {
						r = &hookReader{r: r, fn: func() { hook(m.uid) }}
					}
					n, err := io.Copy(&buf, io.LimitReader(r, max+1))
					if err == nil && n < min(it.Literal.Size(), max+1) {
						// A connection that breaks mid-literal reads as
						// an early EOF: never take it for the whole.
						err = fmt.Errorf("%w after %d of %d bytes", io.ErrUnexpectedEOF, n, it.Literal.Size())
					}
					if err != nil {
						// go-imap's reader goroutine has resumed, so
						// neither this literal nor cmd may be touched
						// again: end the connection.
						s.c.Close()
						return fmt.Errorf("read message body: %w", err)
					}
					body, got = buf.Bytes(), true
				}
			}
			if got && (uid == 0 || uid == m.uid) {
				raw, found = body, true
			}
		}
		return cmd.Close()
	})
	if err != nil {
		return nil, false, false, fmt.Errorf("mailbox: fetch UID %d: %w", m.uid, err)
	}
	if int64(len(raw)) > max { // the server's size was wrong
		raw, oversize = headerBytes(raw[:max]), true
	}
	return raw, oversize, found, nil
}

// hookReader calls fn once, after the first bytes were read.
type hookReader struct {
	r    io.Reader
	fn   func()
	done bool
}

func (h *hookReader) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	if n > 0 && !h.done {
		h.done = true
		h.fn()
	}
	return n, err
}
