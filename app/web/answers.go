package web

import (
	"context"
	"encoding/json"
	"html/template"
	"strconv"
	"strings"
	"sync"
	"time"

	"selfcheck/models"
	"selfcheck/models/questionnaire"
)

// answerView is one self-check answer as people read it: the question as it
// was asked (in the questionnaire version the answer was given under), the
// answer in words and the evidence photo.
type answerView struct {
	ItemID   string
	Question string
	Text     string
	// Compliant is nil when the item has no compliant answer.
	Compliant *bool
	Photo     *models.Photo
	// Previous is the firm's previous answer to the question ("" when
	// none), filled in on the review page.
	Previous   string
	PreviousAt *time.Time
}

// versionCache keeps parsed questionnaire versions, which never change.
type versionCache struct {
	mu sync.Mutex
	m  map[int64]*questionnaire.Template
}

// version returns the parsed questionnaire version id, nil when it cannot
// be read (the answers then show their item ids and raw values).
func (s *Server) version(ctx context.Context, id int64) *questionnaire.Template {
	c := &s.versions
	c.mu.Lock()
	t, ok := c.m[id]
	c.mu.Unlock()
	if ok {
		return t
	}
	v, err := s.store.QuestionnaireVersionByID(ctx, id)
	if err != nil {
		s.log.Warn("questionnaire version", "id", id, "error", err)
		return nil
	}
	if t, err = questionnaire.Parse("version "+strconv.FormatInt(id, 10), []byte(v.Source)); err != nil {
		s.log.Warn("parse questionnaire version", "id", id, "error", err)
		return nil
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = map[int64]*questionnaire.Template{}
	}
	c.m[id] = t
	c.mu.Unlock()
	return t
}

// answerViews renders answers given under questionnaire version versionID;
// photos are the photos they refer to, by id.
func (s *Server) answerViews(ctx context.Context, versionID int64, answers []models.Answer, photos map[int64]models.Photo) []answerView {
	tpl := s.version(ctx, versionID)
	out := make([]answerView, 0, len(answers))
	for _, a := range answers {
		q, text := s.answerText(tpl, a.ItemID, a.Value)
		v := answerView{ItemID: a.ItemID, Question: q, Text: text, Compliant: a.Compliant}
		if a.PhotoID != nil {
			if p, ok := photos[*a.PhotoID]; ok {
				v.Photo = &p
			} else {
				v.Photo = &models.Photo{ID: *a.PhotoID}
			}
		}
		out = append(out, v)
	}
	return out
}

// answerText returns the question of itemID in tpl and the stored value
// raw in words.
func (s *Server) answerText(tpl *questionnaire.Template, itemID, raw string) (question, text string) {
	var it *questionnaire.Item
	if tpl != nil {
		it = tpl.Item(itemID)
	}
	return s.itemAnswer(it, itemID, raw)
}

// itemAnswer returns the question of it (nil when the version does not
// know itemID) and the stored value raw in words.
func (s *Server) itemAnswer(it *questionnaire.Item, itemID, raw string) (question, text string) {
	v, ok := typedValue(raw, it)
	if !ok {
		if it != nil {
			return it.Text, raw
		}
		return s.itemText(itemID), raw
	}
	if it == nil {
		// An item the version does not know: read the value by its own type.
		it = &questionnaire.Item{ID: itemID, Type: v.Type}
		question = s.itemText(itemID)
	} else {
		question = it.Text
	}
	if it.Type != v.Type && !(it.Type == questionnaire.TypeDate && v.Type == questionnaire.TypeText) {
		// A value whose shape does not fit its item reads by its own type.
		it = &questionnaire.Item{ID: itemID, Type: v.Type, Unit: it.Unit, Choices: it.Choices}
	}
	text = it.Display(v)
	if text == "" {
		text = "（未作答）"
	}
	return question, text
}

// withPrevious fills in each answer's previous answer by the same firm.
func (s *Server) withPrevious(ctx context.Context, firmID, assignmentID int64, before time.Time, views []answerView) error {
	items := make([]string, len(views))
	for i, v := range views {
		items[i] = v.ItemID
	}
	prev, err := s.store.PreviousAnswers(ctx, firmID, assignmentID, before, items)
	if err != nil {
		return err
	}
	for i := range views {
		p, ok := prev[views[i].ItemID]
		if !ok {
			continue
		}
		_, views[i].Previous = s.answerText(s.version(ctx, p.VersionID), p.ItemID, p.Value)
		at := p.AnsweredAt
		views[i].PreviousAt = &at
	}
	return nil
}

// photoThumb is a photo as a thumbnail linking to the full size, or its
// status in words while it is not stored.
func (s *Server) photoThumb(x any) template.HTML {
	var p *models.Photo
	switch v := x.(type) {
	case *models.Photo:
		p = v
	case models.Photo:
		p = &v
	}
	if p == nil {
		return ""
	}
	id := strconv.FormatInt(p.ID, 10)
	if p.Status != "" && p.Status != "stored" {
		return template.HTML(`<span class="muted photo-missing">照片（` + template.HTMLEscapeString(s.label("photo_status", p.Status)) + `）</span>`)
	}
	return template.HTML(`<a class="photo" href="/admin/photos/` + id + `" target="_blank" rel="noopener"><img class="thumb" src="/admin/photos/` + id +
		`?w=` + strconv.Itoa(thumbWidth) + `" alt="照片 #` + id + `" loading="lazy" width="120"></a>`)
}

// reviewAnswers renders a submission's answers with the firm's previous
// answer to each question.
func (s *Server) reviewAnswers(ctx context.Context, sub *models.ReviewItem, firm *models.Enterprise) ([]answerView, error) {
	var ids []int64
	for _, a := range sub.Answers {
		if a.PhotoID != nil {
			ids = append(ids, *a.PhotoID)
		}
	}
	photos, err := s.store.PhotosByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	views := s.answerViews(ctx, sub.Assignment.VersionID, sub.Answers, photos)
	if firm == nil {
		return views, nil
	}
	before := s.now()
	if sub.Assignment.StartedAt != nil {
		before = *sub.Assignment.StartedAt
	} else if sub.Assignment.SubmittedAt != nil {
		before = *sub.Assignment.SubmittedAt
	}
	if err := s.withPrevious(ctx, firm.ID, sub.Assignment.ID, before, views); err != nil {
		return nil, err
	}
	return views, nil
}

// submissionView is a self-check in the enterprise file, answers in words.
type submissionView struct {
	models.Submission
	Views []answerView
}

// fileSubmissions renders the self-checks of a firm's file.
func (s *Server) fileSubmissions(ctx context.Context, f *models.EnterpriseFile) []submissionView {
	out := make([]submissionView, len(f.Submissions))
	for i, sub := range f.Submissions {
		out[i] = submissionView{Submission: sub, Views: s.answerViews(ctx, sub.VersionID, sub.Answers, f.Photos)}
	}
	return out
}

// typedValue reads a stored answer: a typed value as JSON, or the bare JSON
// scalar older and generated rows keep (true, 3, "a"), read by the item's
// type when it is known.
func typedValue(raw string, it *questionnaire.Item) (questionnaire.Value, bool) {
	var v questionnaire.Value
	if err := json.Unmarshal([]byte(raw), &v); err == nil && v.Type != "" {
		return v, true
	}
	var x any
	if err := json.Unmarshal([]byte(raw), &x); err != nil {
		return v, false
	}
	switch t := x.(type) {
	case bool:
		v = questionnaire.Value{Type: questionnaire.TypeYesNo, Bool: &t}
	case float64:
		if it != nil && it.Type == questionnaire.TypeInteger {
			n := int64(t)
			v = questionnaire.Value{Type: questionnaire.TypeInteger, Int: &n}
		} else {
			v = questionnaire.Value{Type: questionnaire.TypeDecimal, Float: &t}
		}
	case string:
		v = questionnaire.Value{Type: questionnaire.TypeText, Text: t}
		if it != nil && (it.Type == questionnaire.TypeSingle || it.Type == questionnaire.TypeMulti) {
			v = questionnaire.Value{Type: it.Type, Choices: []string{t}}
		}
	case []any:
		v.Type = questionnaire.TypeMulti
		for _, c := range t {
			if c, ok := c.(string); ok {
				v.Choices = append(v.Choices, c)
			}
		}
	default:
		return v, false
	}
	return v, true
}

// photoList turns a record's comma-separated photo ids into thumbnails.
func (s *Server) photoList(ids string) template.HTML {
	var out template.HTML
	for _, f := range strings.Split(ids, ",") {
		id, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64)
		if err != nil || id <= 0 {
			continue
		}
		out += s.photoThumb(&models.Photo{ID: id}) + " "
	}
	return out
}
