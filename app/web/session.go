package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"

	"selfcheck/models"
)

// Session keys.
const (
	sessionUserID = "user_id"
	// sessionAuthAt is when the session signed in (Unix nanoseconds); a
	// password reset or a disable later than it ends the session.
	sessionAuthAt = "auth_at"
	sessionCSRF   = "csrf"
)

// csrfField is the name of the hidden form field carrying the CSRF token.
const csrfField = "csrf_token"

type sessionLoadedKey struct{}

// dbStore keeps scs sessions in the web_sessions table, so that every replica
// sees every session.
type dbStore struct{ store *models.Store }

var _ scs.CtxStore = dbStore{}

func (d dbStore) Find(token string) ([]byte, bool, error) {
	return d.FindCtx(context.Background(), token)
}
func (d dbStore) Commit(token string, b []byte, expiry time.Time) error {
	return d.CommitCtx(context.Background(), token, b, expiry)
}
func (d dbStore) Delete(token string) error { return d.DeleteCtx(context.Background(), token) }

func (d dbStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	return d.store.SessionFind(ctx, token, time.Now())
}
func (d dbStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	return d.store.SessionCommit(ctx, token, b, expiry)
}
func (d dbStore) DeleteCtx(ctx context.Context, token string) error {
	return d.store.SessionDelete(ctx, token)
}

// newSessions configures server-side sessions with an HttpOnly, SameSite=Lax
// cookie limited to /admin.
func newSessions(store *models.Store, secure bool) *scs.SessionManager {
	sm := scs.New()
	sm.Store = dbStore{store}
	sm.Lifetime = 12 * time.Hour
	sm.IdleTimeout = 2 * time.Hour
	sm.Cookie.Name = "selfcheck_session"
	sm.Cookie.Path = "/admin"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = secure
	sm.Cookie.Persist = false
	return sm
}

// csrfToken returns the session's CSRF token, creating it on first use.
func (s *Server) csrfToken(ctx context.Context) string {
	t := s.sessions.GetString(ctx, sessionCSRF)
	if t == "" {
		t = randomHex(32)
		s.sessions.Put(ctx, sessionCSRF, t)
	}
	return t
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// withSession loads the signed-in user and checks the CSRF token of every
// request that is not GET or HEAD.
func (s *Server) withSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), sessionLoadedKey{}, true)
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if err := parseBody(r); err != nil {
				s.Error(w, r.WithContext(ctx), err)
				return
			}
			want := s.sessions.GetString(ctx, sessionCSRF)
			got := r.PostFormValue(csrfField)
			if got == "" {
				got = r.Header.Get("X-CSRF-Token")
			}
			if want == "" || subtle.ConstantTimeCompare([]byte(want), []byte(got)) != 1 {
				s.Error(w, r.WithContext(ctx), models.Errorf(models.EFORBIDDEN, "页面已过期或请求来源无效，请刷新页面后重试"))
				return
			}
		}
		if id := s.sessions.GetInt64(ctx, sessionUserID); id > 0 {
			u, err := s.store.UserByID(ctx, id)
			switch {
			case err == nil && !u.Disabled && !signedInBefore(s.sessions.GetInt64(ctx, sessionAuthAt), u.CredentialsChangedAt):
				ctx = withUser(ctx, u)
			case err != nil && models.ErrorCode(err) != models.ENOTFOUND:
				s.Error(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// errTooLarge is a request body over the limits of securityHeaders.
var errTooLarge = models.Errorf(models.EINVALID, "提交的内容过大：照片不超过10MB，表单不超过1MB")

// parseBody parses a form body once, so that a body over its limit is
// refused as too large rather than read as a missing CSRF token.
func parseBody(r *http.Request) error {
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(4 << 20)
	} else {
		err = r.ParseForm()
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errTooLarge
	}
	if err == nil {
		return checkFormText(r)
	}
	// Other parse errors (a JSON body, a malformed form) are left to the
	// handler, which reads the body it expects.
	return nil
}

// signedInBefore reports whether a session that signed in at authAt (Unix
// nanoseconds) predates the user's last credential change.
func signedInBefore(authAt int64, changed *time.Time) bool {
	return changed != nil && authAt < changed.UnixNano()
}
