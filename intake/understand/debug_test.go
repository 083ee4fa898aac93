package understand

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestDebugRead(t *testing.T) {
	dir := os.Getenv("DBG")
	if dir == "" {
		t.Skip()
	}
	files, _ := filepath.Glob(dir)
	for _, f := range files {
		fh, _ := os.Open(f)
		m := Read(fh)
		fh.Close()
		fmt.Printf("====== %s err=%v from=%q name=%q rt=%q subj=%q date=%v mt=%s att=%d\n%s\n", f, m.Err, m.Envelope.From, m.FromName, m.ReplyTo, m.Envelope.Subject, m.Envelope.Date, m.MediaType, m.Attachments, m.Text)
	}
}
