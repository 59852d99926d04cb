package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"

	"selfcheck/app/regulator"
	"selfcheck/models"
	"selfcheck/models/questionnaire"
)

// Deps are the server's dependencies. Store, District, Regulator and Assets
// are required; the rest default.
type Deps struct {
	Store    *models.Store
	District *models.District
	// Regulator runs every workflow and decides who may do what.
	Regulator *regulator.Service
	// Assets is the templates file system: html/admin/*.html,
	// departments.yaml and questionnaires/.
	Assets   fs.FS
	Location *time.Location
	Now      func() time.Time
	Logger   *slog.Logger
	// Secure marks the session cookie Secure (HTTPS only).
	Secure bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For hops
	// are believed (see ClientIP); none means the peer address counts.
	TrustedProxies []netip.Prefix
	// BindQR renders a firm's parametric binding QR code (PNG) for a
	// one-time code through the WeChat API; nil shows the code alone.
	BindQR func(ctx context.Context, code string, ttl time.Duration) ([]byte, error)
	// Simulation says where the policy simulation page finds its reports.
	Simulation SimulationOptions
	// FeedSettle is how old a change must be before the change feed lists
	// it (default 3 s; negative lists every committed change at once).
	FeedSettle time.Duration
}

// Server serves /admin/ and /api/v1/.
type Server struct {
	store     *models.Store
	district  *models.District
	reg       *regulator.Service
	bindQR    func(ctx context.Context, code string, ttl time.Duration) ([]byte, error)
	loc       *time.Location
	now       func() time.Time
	log       *slog.Logger
	validator *questionnaire.Validator
	sessions  *scs.SessionManager
	pages     map[string]*template.Template
	depts     []Department
	items     map[string]itemInfo
	handler   http.Handler
	public    *template.Template

	// trustedProxies are Deps.TrustedProxies.
	trustedProxies []netip.Prefix
	fallback       string // department of 无主部件

	// table lists every route as routes registers it.
	table []Route

	sim *simRunner // the policy simulation page's runs

	distMu    sync.Mutex
	distCache map[string]distEntry

	// labels are the words people read for the codes records keep.
	labels *models.Labels
	// versions are the parsed questionnaire versions answers refer to.
	versions versionCache
	// feedSettle is Deps.FeedSettle with its default.
	feedSettle time.Duration
}

// itemInfo is what the dashboard shows of a checklist item.
type itemInfo struct {
	text        string
	departments []string
}

// New builds the server: it parses the page templates, loads the departments
// and the checklist, and sets up sessions on the store.
func New(d Deps) (*Server, error) {
	if d.Store == nil || d.District == nil || d.Regulator == nil || d.Assets == nil {
		return nil, errors.New("web.New: Store, District, Regulator and Assets are required")
	}
	s := &Server{store: d.Store, district: d.District, reg: d.Regulator, bindQR: d.BindQR, loc: d.Location, now: d.Now, log: d.Logger,
		distCache: map[string]distEntry{}, trustedProxies: d.TrustedProxies}
	if s.loc == nil {
		s.loc = time.Local
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	var err error
	if s.validator, err = questionnaire.NewValidator(); err != nil {
		return nil, fmt.Errorf("web: validator: %w", err)
	}
	if s.depts, err = LoadDepartments(d.Assets, "departments.yaml"); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	if s.fallback, err = loadFallback(d.Assets, "departments.yaml"); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	if err := s.loadItems(d.Assets); err != nil {
		return nil, err
	}
	if s.labels, err = models.LoadLabels(d.Assets, "labels.yaml"); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	if err := s.parsePages(d.Assets); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	if err := s.initInspections(d); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s.sim = newSimRunner(d.Simulation, d.Assets, s.log)
	if err := s.initAPI(d); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s.sessions = newSessions(d.Store, d.Secure)
	s.handler = s.routes()
	return s, nil
}

// loadItems indexes the checklist items by id for their texts and departments.
func (s *Server) loadItems(assets fs.FS) error {
	tpls, err := questionnaire.LoadDir(assets, "questionnaires")
	if err != nil {
		return fmt.Errorf("web: questionnaires: %w", err)
	}
	s.items = map[string]itemInfo{}
	for _, t := range tpls {
		for _, it := range t.Items {
			text := it.Short
			if text == "" {
				text = it.Text
			}
			s.items[it.ID] = itemInfo{text: text, departments: append([]string{it.Department}, it.CoDepartments...)}
		}
	}
	return nil
}

// Handler returns the handler of /admin/ and /api/v1/.
func (s *Server) Handler() http.Handler { return s.handler }

// PurgeSessions removes expired sessions and old login attempts; call it
// from a periodic worker.
func (s *Server) PurgeSessions(ctx context.Context) error {
	return s.store.SessionPurge(ctx, time.Now())
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	admin := func(pattern string, h handlerFunc) {
		s.table = append(s.table, newRoute(pattern, AuthSession))
		mux.Handle(pattern, s.sessions.LoadAndSave(s.withSession(s.requireUser(s.handle(s.gate(pattern, h))))))
	}
	open := func(pattern string, h handlerFunc) {
		s.table = append(s.table, newRoute(pattern, AuthNone))
		mux.Handle(pattern, s.sessions.LoadAndSave(s.withSession(s.handle(h))))
	}
	open("GET /admin/login", s.loginPage)
	open("POST /admin/login", s.login)
	open("POST /admin/logout", s.logout)
	admin("GET /admin/{$}", func(w http.ResponseWriter, r *http.Request) error {
		http.Redirect(w, r, homeOf(userFrom(r.Context())), http.StatusSeeOther)
		return nil
	})
	admin("GET /admin/ranking", s.rankingPage)
	admin("GET /admin/ranking/export.xlsx", s.export)
	admin("GET /admin/distribution", s.distributionPage)
	admin("GET /admin/enterprises/search", s.firmSearch)
	admin("GET /admin/enterprises/{id}", s.enterprisePage)
	admin("POST /admin/enterprises/{id}/events", s.addEventForm)
	admin("POST /admin/enterprises/{id}/bindcode", s.bindCodeForm)
	s.inspectionRoutes(mux, admin)
	s.inspectorRoutes(admin)
	s.workRoutes(admin)
	s.userRoutes(admin)
	s.simulationRoutes(admin)
	admin("/admin/", func(http.ResponseWriter, *http.Request) error {
		return models.Errorf(models.ENOTFOUND, "页面不存在")
	})

	api := func(pattern string, h handlerFunc) {
		s.table = append(s.table, newRoute(pattern, AuthToken))
		mux.Handle(pattern, s.requireToken(s.handle(s.gate(pattern, h))))
	}
	mux.Handle("GET /api/v1/openapi.json", s.handle(s.openAPI))
	mux.Handle("GET /api/v1/docs", s.handle(s.apiDocs))
	for _, rt := range apiRoutes {
		api(rt.Method+" "+rt.Path, rt.handler(s))
	}
	mux.Handle("/api/v1/", s.handle(func(http.ResponseWriter, *http.Request) error {
		return models.Errorf(models.ENOTFOUND, "接口不存在")
	}))
	return securityHeaders(mux)
}

// handlerFunc is a handler that returns its error for Error to write.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

func (s *Server) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.Error(w, r, err)
		}
	})
}

// Request body limits: a form with a photo upload, and anything else.
const (
	maxUploadBody = 12 << 20
	maxFormBody   = 1 << 20
)

// securityHeaders keeps pages out of frames and scripts to our own origin,
// and bounds request bodies before any middleware parses a form.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && r.Body != http.NoBody {
			limit := int64(maxFormBody)
			if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
				limit = maxUploadBody
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'")
		next.ServeHTTP(w, r)
	})
}
