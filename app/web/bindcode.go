package web

import (
	"context"
	"encoding/base64"
	"html/template"
	"net/http"
	"strconv"
	"time"
)

// bindCodeForm asks for a one-time binding code.
type bindCodeForm struct {
	Days int `json:"days" label:"有效天数" description:"有效天数（默认30）" example:"30" validate:"min=1,max=365"`
}

// issueBindCode creates a one-time binding code for a firm in the user's
// scope and records the issue (not the code) in the audit log.
func (s *Server) issueBindCode(ctx context.Context, id int64, days int) (string, time.Time, error) {
	ttl := time.Duration(days) * 24 * time.Hour
	expires := s.now().Add(ttl)
	code, err := s.reg.IssueBindCode(ctx, userFrom(ctx), id, ttl)
	return code, expires, err
}

func (s *Server) bindCodeForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := bindCodeForm{Days: 30}
	fields := map[string]string{}
	if v := r.PostFormValue("days"); v != "" {
		if f.Days, err = strconv.Atoi(v); err != nil {
			fields["days"] = "有效天数必须是整数"
		}
	}
	if len(fields) == 0 {
		fields = s.check(&f)
	}
	var code string
	var expires time.Time
	if fields == nil {
		if code, expires, err = s.issueBindCode(r.Context(), id, f.Days); err != nil {
			return err
		}
	}
	d, err := s.loadFile(r.Context(), r)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if fields != nil {
		d.Fields, status = fields, http.StatusBadRequest
	} else {
		// The code is shown once, in the answer to the POST; only its hash
		// is stored.
		d.BindCode, d.BindExpires = code, expires.In(s.loc).Format("2006-01-02 15:04")
		if png := s.qrFor(r.Context(), code, time.Duration(f.Days)*24*time.Hour); png != nil {
			d.BindQR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
		}
	}
	s.render(w, r, status, "enterprise", d)
	return nil
}

func (s *Server) apiBindCode(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := bindCodeForm{Days: 30}
	if r.ContentLength != 0 {
		if err := s.decodeJSON(r, &f); err != nil {
			return err
		}
	}
	code, expires, err := s.issueBindCode(r.Context(), id, f.Days)
	if err != nil {
		return err
	}
	out := BindCodeV1{Code: code, ExpiresAt: s.instant(expires)}
	if png := s.qrFor(r.Context(), code, time.Duration(f.Days)*24*time.Hour); png != nil {
		out.QRPNG = base64.StdEncoding.EncodeToString(png)
	}
	s.writeJSON(w, http.StatusCreated, out)
	return nil
}

// qrFor asks WeChat for the binding QR code of a fresh code. The code works
// typed in the chat as well, so a failure only leaves the QR code out.
func (s *Server) qrFor(ctx context.Context, code string, ttl time.Duration) []byte {
	if s.bindQR == nil {
		return nil
	}
	png, err := s.bindQR(ctx, code, ttl)
	if err != nil {
		s.log.WarnContext(ctx, "binding QR code not issued", "err", err)
		return nil
	}
	return png
}
