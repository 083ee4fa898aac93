package understand

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// closingRE matches the line that ends a letter and starts the signature:
// "Pozdrawiam", "Z poważaniem", "Łączę pozdrowienia", "Best regards" …
var closingRE = regexp.MustCompile(`(?i)^\s*(.{0,40}\b)?(pozdrawiam|pozdrowienia|pozdrowieniami|poważaniem|szacunku|serdeczności|ukłony|z panem bogiem|szczęść boże|regards|best wishes|sincerely|cheers|thank you|dziękuję|dziekuje|dzięki|pozdr)\b[\s,.!]*(serdecznie|ciepło|gorąco)?[\s,.!]*$`)

// mobileFooterRE matches the footers phones and webmail add.
var mobileFooterRE = regexp.MustCompile(`(?i)^\s*(wysłane|wysłano|sent|wysłane z|sent from|pobierz|get)\b.{0,60}(iphone|ipad|android|samsung|galaxy|outlook|mobile|telefonu|smartfona|komórki|poczty|o2|wp|onet|interia)`)

// letter is the sender's own text split at the closing formula: the body
// (what they ask for) and the signature (who they are).
type letter struct {
	Body, Signature string
}

// splitSignature splits own text into body and signature. The signature
// starts after a "-- " line or a closing formula; without either, a last
// paragraph of short lines is taken as the signature.
func splitSignature(own string) letter {
	lines := strings.Split(own, "\n")
	var kept []string
	for _, l := range lines {
		if mobileFooterRE.MatchString(l) && len(l) < 80 {
			continue
		}
		kept = append(kept, l)
	}
	lines = kept
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "--" || t == "-- " || t == "---" {
			return letter{Body: join(lines[:i]), Signature: unpipe(join(lines[i+1:]))}
		}
		if i == 0 || len(t) > 60 {
			continue
		}
		// The rest must look like a signature, not more letter.
		if closingRE.MatchString(l) && !strings.Contains(l, "?") && signatureLike(lines[i+1:]) {
			return letter{Body: join(lines[:i]), Signature: unpipe(join(lines[i+1:]))}
		}
	}
	// No closing: the last paragraph, when all its lines are short.
	end := len(lines)
	for end > 0 && strings.TrimSpace(lines[end-1]) == "" {
		end--
	}
	start := end
	for start > 0 && strings.TrimSpace(lines[start-1]) != "" && len(strings.TrimSpace(lines[start-1])) < 60 && !strings.HasSuffix(strings.TrimSpace(lines[start-1]), ".") {
		start--
	}
	if start > 0 && start < end && end-start <= 8 {
		return letter{Body: join(lines[:start]), Signature: unpipe(join(lines[start:end]))}
	}
	return letter{Body: join(lines)}
}

func signatureLike(lines []string) bool {
	long := 0
	for _, l := range strings.Split(unpipe(strings.Join(lines, "\n")), "\n") {
		if utf8.RuneCountInString(strings.TrimSpace(l)) > 90 {
			long++
		}
	}
	return long == 0
}

func join(lines []string) string {
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// pipeRE separates the fields of one-line signatures ("Anna Nowak |
// koordynatorka | Fundacja X | tel. 600 700 800"; also " • " and " · ").
var pipeRE = regexp.MustCompile(`\s+[|•·]\s+`)

// unpipe puts each field of a one-line signature on its own line, as
// other signatures have them.
func unpipe(sig string) string { return pipeRE.ReplaceAllString(sig, "\n") }
