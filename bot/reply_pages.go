package bot

import (
	"strings"
	"unicode/utf8"
)

// MaxReplyBytes is the longest passive text reply WeChat shows, in bytes
// of UTF-8: over it the user sees 该公众号暂时无法提供服务 instead.
const MaxReplyBytes = 2048

// moreKeyword asks for the next page of a reply that did not fit.
const moreKeyword = "更多"

// paginate joins the replies of one message into the one text a passive
// reply carries and, when it is over MaxReplyBytes, cuts it into pages at
// line boundaries: it returns the first page, and the next ones, each
// ending with a hint to reply 更多, for the session to keep.
func (t texts) paginate(out []Outbound) ([]Outbound, []string) {
	var parts []string
	for _, o := range out {
		if o.Text != "" {
			parts = append(parts, o.Text)
		}
	}
	text := strings.Join(parts, "\n\n")
	if len(text) <= MaxReplyBytes {
		return out, nil
	}
	// Room for the longest hint, with two-digit page numbers.
	reserve := len("\n\n" + t.say("more_hint", "page", "99", "pages", "99"))
	pages := splitPages(text, MaxReplyBytes-reserve)
	n := itoa(len(pages))
	for i := range pages {
		if i < len(pages)-1 {
			pages[i] += "\n\n" + t.say("more_hint", "page", itoa(i+1), "pages", n)
		}
	}
	return []Outbound{{Text: pages[0]}}, pages[1:]
}

// splitPages cuts text into pages of at most max bytes, between lines, or
// within a line longer than a page between runes, never inside one. Blank
// lines at a cut are dropped.
func splitPages(text string, max int) []string {
	var pages []string
	var cur strings.Builder
	flush := func() {
		if p := strings.Trim(cur.String(), "\n"); p != "" {
			pages = append(pages, p)
		}
		cur.Reset()
	}
	for _, line := range strings.Split(text, "\n") {
		for len(line) > max {
			flush()
			cut := max
			for cut > 0 && !utf8.RuneStart(line[cut]) {
				cut--
			}
			pages = append(pages, line[:cut])
			line = line[cut:]
		}
		if cur.Len() > 0 && cur.Len()+1+len(line) > max {
			flush()
		}
		if cur.Len() > 0 {
			cur.WriteByte('\n')
		}
		cur.WriteString(line)
	}
	flush()
	return pages
}

// more answers 更多: the next page of the reply being paged, or a short
// note when there is none.
func (c *chat) more(pending []string) []Outbound {
	if len(pending) == 0 {
		return c.say("more_none")
	}
	c.st.More = pending[1:]
	return []Outbound{{Text: pending[0]}}
}

// isMore reports whether the message asks for the next page.
func (in Inbound) isMore() bool {
	return in.Kind == KindText && strings.TrimSpace(in.Content) == moreKeyword
}
