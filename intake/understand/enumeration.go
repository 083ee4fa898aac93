package understand

import "strings"

// Some names list nouns: "Polski Związek Emerytów, Rencistów i
// Inwalidów". A comma inside such a name does not end it.

// enumerationAhead reports whether toks from k go on a list of
// capitalised words that ends "… i X" or "… oraz X" within a few words,
// none of them a first name (a list of people is not part of a name).
func enumerationAhead(toks []string, k int) bool {
	for stop := k + 5; k < len(toks) && k < stop; k++ {
		t := toks[k]
		bare := strings.Trim(t, ",.;:")
		if !isCapitalised(t) || knownFirstName(bare) || isOrgWord(bare) {
			return false
		}
		if strings.HasSuffix(t, ",") {
			continue
		}
		if k+2 < len(toks) && (toks[k+1] == "i" || toks[k+1] == "oraz") {
			last := strings.Trim(toks[k+2], ",.;:")
			return isCapitalised(last) && !knownFirstName(last) && !isOrgWord(last)
		}
		return false
	}
	return false
}
