package bot

import (
	"strings"
	"time"
	"unicode"

	"selfcheck/models"
)

// followupWindow is how long after a report closes the reporter's answer to
// the follow-up (回访) is taken.
const followupWindow = 7 * 24 * time.Hour

// followup takes a reporter's answer to the satisfaction follow-up: a score
// 1-5, optionally followed by words, typed outside any flow while one of
// their closed reports awaits it. ok is false when the message is not such
// an answer, and the chat goes on as usual.
func (c *chat) followup(text string) (out []Outbound, ok bool, err error) {
	score, words, isScore := parseSatisfaction(text)
	if !isScore || c.st.UserID == 0 {
		return nil, false, nil
	}
	r, err := c.tx.PendingFollowup(c.ctx, c.st.UserID, c.now.Add(-followupWindow))
	if models.ErrorCode(err) == models.ENOTFOUND {
		return nil, false, nil
	} else if err != nil {
		return nil, true, err
	}
	if err := c.tx.RecordSatisfaction(c.ctx, r.ID, score, words); err != nil {
		if models.ErrorCode(err) == models.EINTERNAL {
			return nil, true, err
		}
		return []Outbound{{Text: c.b.notices.say("followup_bad_answer", "ticket", r.TicketNo)}}, true, nil
	}
	key := "followup_thanks"
	if score <= 2 {
		key = "followup_low"
	}
	return []Outbound{{Text: c.b.notices.say(key, "score", itoa(score), "ticket", r.TicketNo)}}, true, nil
}

// parseSatisfaction reads "4", "４分 很及时" or "2，处理太慢": a leading digit
// 1-5 (full-width too) that no other digit follows, then optional words.
func parseSatisfaction(text string) (score int, words string, ok bool) {
	rs := []rune(strings.TrimSpace(text))
	if len(rs) == 0 {
		return 0, "", false
	}
	switch r := rs[0]; {
	case r >= '1' && r <= '5':
		score = int(r - '0')
	case r >= '１' && r <= '５':
		score = int(r - '０')
	default:
		return 0, "", false
	}
	rest := rs[1:]
	if len(rest) > 0 && (unicode.IsDigit(rest[0]) || rest[0] == '.' || rest[0] == '-') {
		return 0, "", false
	}
	w := strings.TrimLeft(string(rest), "分星 ,，.。、:：")
	return score, strings.TrimSpace(w), true
}
