package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"selfcheck/app/regulator"
	"selfcheck/models"
)

// eventForm is a manual ledger event as the form and the API send it.
type eventForm = regulator.EventInput

// addEvent validates f and has the service add the event; field problems
// come back as a map and nothing is written.
func (s *Server) addEvent(ctx context.Context, id int64, f eventForm) (*models.CreditEvent, *models.EnterpriseScore, map[string]string, error) {
	f.Reason = strings.TrimSpace(f.Reason)
	if fields := s.check(&f); fields != nil {
		return nil, nil, fields, nil
	}
	ev, after, fields, err := s.reg.AddEvent(ctx, userFrom(ctx), id, f)
	if err != nil || fields != nil {
		return nil, nil, fields, err
	}
	s.clearDistribution()
	return ev, after, nil, nil
}

// clearDistribution drops the cached charts after a score changed.
func (s *Server) clearDistribution() {
	s.distMu.Lock()
	clear(s.distCache)
	s.distMu.Unlock()
}

func (s *Server) addEventForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := eventForm{Kind: r.PostFormValue("kind"), Severity: r.PostFormValue("severity"),
		Points: strings.TrimSpace(r.PostFormValue("points")), Reason: r.PostFormValue("reason")}
	if f.Kind != "penalty" {
		f.Severity = ""
	}
	if f.Kind != "repair" {
		f.Points = ""
	}
	_, _, fields, err := s.addEvent(r.Context(), id, f)
	if err != nil {
		return err
	}
	if fields != nil {
		d, err := s.loadFile(r.Context(), r)
		if err != nil {
			return err
		}
		d.Form, d.Fields = f, fields
		s.render(w, r, http.StatusBadRequest, "enterprise", d)
		return nil
	}
	http.Redirect(w, r, "/admin/enterprises/"+strconv.FormatInt(id, 10)+"?ok=event", http.StatusSeeOther)
	return nil
}

func (s *Server) apiAddEvent(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var b apiEventBody
	if err := s.decodeJSON(r, &b); err != nil {
		return err
	}
	ev, score, fields, err := s.addEvent(r.Context(), id, eventForm(b))
	if err != nil {
		return err
	}
	if fields != nil {
		return fieldsError(fields)
	}
	s.writeJSON(w, http.StatusCreated, s.ledgerEventCreated(ev, score))
	return nil
}
