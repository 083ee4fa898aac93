package understand

import (
	"os"
	"testing"
	"time"

	"zapisy/storage"
)

func TestDbgOrgs(t *testing.T) {
	mf, _ := os.Open(os.Getenv("DBGM"))
	ms, _ := storage.ReadMeetingsCSV(mf)
	f, _ := os.Open(os.Getenv("DBGF"))
	m := Read(f)
	p := splitBody(m.Text, m.Envelope.Subject)
	c := newCase(m, p, ms, time.Time{})
	for _, s := range sentences(c.body) {
		for _, span := range orgNameSpans(s) {
			o := nominativeOrg(span)
			t.Logf("%q -> %q host=%v place=%v", span, o, c.ix.isHost(o), c.ix.isPlace(span))
		}
	}
	t.Logf("BODY=%q", c.body)
}
