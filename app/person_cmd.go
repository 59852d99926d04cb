package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"selfcheck/models"
)

func init() {
	register(command{
		name:    "person",
		usage:   "export|erase --openid X|--ticket JB... [--by NAME]",
		summary: "A citizen's personal data on request (个人信息保护法): export prints everything held about a WeChat user as JSON; erase deletes it, keeping the user's reports anonymised for statistics. Both are audit-logged.",
		flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			openID := fs.String("openid", "", "the WeChat user's openid")
			ticket := fs.String("ticket", "", "instead of --openid: the ticket number of a report the person filed")
			by := fs.String("by", "", "who runs the command, for the audit log (default cli:$USER)")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 1 {
					if err := fs.Parse(args[1:]); err != nil {
						return usagef("%v", err)
					}
					args = append(args[:1], fs.Args()...)
				}
				if len(args) != 1 {
					return usagef("want: person export --openid X, or person erase --openid X")
				}
				if args[0] != "export" && args[0] != "erase" {
					return usagef("unknown verb %q: want export or erase", args[0])
				}
				*openID, *ticket = strings.TrimSpace(*openID), strings.TrimSpace(*ticket)
				if (*openID == "") == (*ticket == "") {
					return usagef("give --openid or --ticket")
				}
				actor := *by
				if actor == "" {
					actor = "cli:" + e.getenv("USER")
				}
				a, err := openApp(ctx, e, true)
				if err != nil {
					return err
				}
				defer a.Close()
				if *ticket != "" {
					if *openID, err = a.reporterOf(ctx, *ticket); err != nil {
						return err
					}
				}
				if args[0] == "export" {
					return personExport(ctx, a, e, *openID, actor)
				}
				return personErase(ctx, a, e, *openID, actor)
			}
		},
	})
}

// personRef names a person in the audit log without keeping the openid
// there: the log must outlive the erased data, and whoever holds the openid
// can still find the entries.
func personRef(openID string) string {
	sum := sha256.Sum256([]byte(openID))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// reporterOf returns the openid of whoever filed the report with ticket.
func (a *App) reporterOf(ctx context.Context, ticket string) (string, error) {
	r, err := a.store.ReportByTicket(ctx, ticket)
	if err != nil {
		return "", err
	}
	openID, err := a.store.ReporterOpenID(ctx, r)
	if err != nil {
		return "", err
	}
	if openID == "" {
		return "", fmt.Errorf("report %s has no reporter any more (anonymised or erased)", ticket)
	}
	return openID, nil
}

func personExport(ctx context.Context, a *App, e *env, openID, actor string) error {
	d, err := a.store.PersonData(ctx, openID)
	if err != nil {
		return err
	}
	if err := a.store.Audit(ctx, actor, "person.export", "wechat_user", personRef(openID), nil, nil); err != nil {
		return err
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(d)
}

func personErase(ctx context.Context, a *App, e *env, openID, actor string) error {
	gone, err := a.erasePerson(ctx, openID, actor)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "erased: user %v, %d bindings, %d household checks, %d photos (%d files), %d conversation, %d messages, %d bind attempts; %d reports anonymised\n",
		gone.User, gone.Bindings, gone.Households, gone.Photos, len(gone.Files), gone.Conversation, gone.Messages, gone.BindAttempts, gone.ReportsAnonymous)
	return nil
}

// erasePerson erases openID's personal data with its audit entry in one
// transaction, then removes the photo files no row refers to any more.
func (a *App) erasePerson(ctx context.Context, openID, actor string) (*models.Erased, error) {
	var gone *models.Erased
	err := a.store.Tx(ctx, func(tx *models.Store) error {
		var err error
		if gone, err = tx.ErasePerson(ctx, openID); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, "person.erase", "wechat_user", personRef(openID), nil, gone)
	})
	if err != nil {
		return nil, err
	}
	return gone, removePhotoFiles(a.cfg.DataDir, gone.Files)
}

// removePhotoFiles deletes photo files under dataDir; one already gone is
// fine (a repeated erase, or a file lost before).
func removePhotoFiles(dataDir string, rel []string) error {
	var errs []error
	for _, p := range rel {
		abs := filepath.Join(dataDir, filepath.FromSlash(p))
		if !strings.HasPrefix(abs, filepath.Clean(dataDir)+string(filepath.Separator)) {
			continue // never outside the data directory
		}
		if err := os.Remove(abs); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("remove photo file: %w", err))
		}
	}
	return errors.Join(errs...)
}
