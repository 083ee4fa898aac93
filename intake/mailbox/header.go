package mailbox

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"mime"
	"net/mail"
	"net/textproto"
	"strings"

	"github.com/emersion/go-message/charset"
)

// header is what the watcher itself reads from a message: enough to store
// and recognise it, and to settle it when the decider cannot.
type header struct {
	MessageID  string // without angle brackets; synthetic when absent
	InReplyTo  string
	References []string
	From       string // bare address when it parses, else the raw value
	Subject    string // decoded when possible
}

var wordDecoder = &mime.WordDecoder{CharsetReader: charset.Reader}

// readHeader reads the header of raw leniently: a broken header gives what
// could be read, never an error. A message without a Message-ID is given
// one derived from its bytes, so that the same message fetched again (after
// a UIDVALIDITY change, or from another folder) is still recognised.
func readHeader(raw []byte) header {
	tp := textproto.NewReader(bufio.NewReader(bytes.NewReader(raw)))
	h, _ := tp.ReadMIMEHeader() // a partial header is still useful
	var out header
	out.MessageID = firstMsgID(h.Get("Message-Id"))
	if out.MessageID == "" {
		sum := sha256.Sum256(raw)
		out.MessageID = "sha256-" + hex.EncodeToString(sum[:16]) + "@no-message-id.zapisy.invalid"
	}
	out.InReplyTo = firstMsgID(h.Get("In-Reply-To"))
	out.References = msgIDs(h.Get("References"))
	from := h.Get("From")
	if a, err := mail.ParseAddress(from); err == nil {
		out.From = strings.ToLower(a.Address)
	} else {
		out.From = strings.TrimSpace(from)
	}
	out.Subject = h.Get("Subject")
	if s, err := wordDecoder.DecodeHeader(out.Subject); err == nil {
		out.Subject = s
	}
	return out
}

func msgIDs(s string) []string {
	var ids []string
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		if id := strings.TrimSpace(s[i+1 : i+j]); id != "" {
			ids = append(ids, id)
		}
		s = s[i+j+1:]
	}
	return ids
}

func firstMsgID(s string) string {
	if ids := msgIDs(s); len(ids) > 0 {
		return ids[0]
	}
	// Some senders leave the brackets out.
	if s = strings.TrimSpace(s); s != "" && !strings.ContainsAny(s, " \t<>") {
		return s
	}
	return ""
}

// headerBytes returns the header block of raw, up to and including the
// empty line, or all of raw when it has no body.
func headerBytes(raw []byte) []byte {
	for _, sep := range [][]byte{[]byte("\r\n\r\n"), []byte("\n\n")} {
		if i := bytes.Index(raw, sep); i >= 0 {
			return raw[:i+len(sep)]
		}
	}
	return raw
}
