package models

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// ScoringParams is one version of the scoring parameters. Versions are never
// edited: a change is a new row, and every score names the row that made it.
type ScoringParams struct {
	ID        int64
	Hash      string
	Source    string
	Note      string
	CreatedBy string
	CreatedAt time.Time
}

// QuestionnaireTemplate is a questionnaire's identity across its versions.
type QuestionnaireTemplate struct {
	ID        int64
	Slug      string
	Title     string
	Audience  string
	CreatedAt time.Time
}

// QuestionnaireVersion is one immutable version of a questionnaire; an
// assignment stays pinned to the version it started with.
type QuestionnaireVersion struct {
	ID         int64
	TemplateID int64
	Version    int
	Hash       string
	Source     string
	CreatedBy  string
	CreatedAt  time.Time
}

// ContentHash is the sha256 of src in hex, the identity of a version.
func ContentHash(src []byte) string {
	sum := sha256.Sum256(src)
	return hex.EncodeToString(sum[:])
}

// SaveScoringParams makes src the parameters in force: it stores src as a
// new version unless the newest version has the same content, and returns
// the version in force, with whether it is new. Returning to an earlier
// content (A, B, then A again) stores a new version of A, so that the newest
// version is always the one asked for; as content hashes are unique, that
// row's source ends with a comment naming the version it restores, which
// leaves its parameters identical.
func (s *Store) SaveScoringParams(ctx context.Context, src []byte, note, by string) (*ScoringParams, bool, error) {
	var p ScoringParams
	created := false
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Order("id DESC").Take(&p).Error
		if err == nil && sameParams(p.Source, src) {
			return nil
		} else if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		newest := p.ID
		body := string(src)
		var earlier ScoringParams
		err = tx.Where("hash = ?", ContentHash(src)).Take(&earlier).Error
		if err == nil {
			body += fmt.Sprintf("%s%d after version %d\n", restoresMark, earlier.ID, newest)
		} else if !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		p = ScoringParams{Hash: ContentHash([]byte(body)), Source: body, Note: note, CreatedBy: by}
		created = true
		return tx.Create(&p).Error
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		// Another replica stored the same content first.
		return s.SaveScoringParams(ctx, src, note, by)
	} else if err != nil {
		return nil, false, fmt.Errorf("save scoring params: %w", err)
	}
	return &p, created, nil
}

// restoresMark starts the comment line appended to a restored version.
const restoresMark = "\n# restores scoring parameter version "

// sameParams reports whether a stored source holds the content src, ignoring
// the comment that marks a restored version.
func sameParams(stored string, src []byte) bool {
	if i := strings.LastIndex(stored, restoresMark); i >= 0 && !strings.Contains(stored[i+len(restoresMark):len(stored)-1], "\n") {
		stored = stored[:i]
	}
	return stored == string(src)
}

// ScoringParamsVersion returns a stored parameter version.
func (s *Store) ScoringParamsVersion(ctx context.Context, id int64) (*ScoringParams, error) {
	var p ScoringParams
	err := s.db.WithContext(ctx).Take(&p, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(ENOTFOUND, "未找到评分参数版本 %d", id)
	} else if err != nil {
		return nil, fmt.Errorf("scoring params %d: %w", id, err)
	}
	return &p, nil
}

// LatestScoringParams returns the newest parameter version.
func (s *Store) LatestScoringParams(ctx context.Context) (*ScoringParams, error) {
	var p ScoringParams
	err := s.db.WithContext(ctx).Order("id DESC").Take(&p).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(ENOTFOUND, "尚无评分参数")
	} else if err != nil {
		return nil, fmt.Errorf("latest scoring params: %w", err)
	}
	return &p, nil
}

// SaveQuestionnaire stores src as the next version of the questionnaire slug
// unless its newest version with the same content exists, and returns the
// version either way, with whether it is new.
func (s *Store) SaveQuestionnaire(ctx context.Context, slug, title, audience string, src []byte, by string) (*QuestionnaireVersion, bool, error) {
	hash := ContentHash(src)
	var v QuestionnaireVersion
	created := false
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var t QuestionnaireTemplate
		err := tx.Where("slug = ?", slug).Take(&t).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			t = QuestionnaireTemplate{Slug: slug, Title: title, Audience: audience}
			err = tx.Create(&t).Error
		} else if err == nil && (t.Title != title || t.Audience != audience) {
			err = tx.Model(&t).Updates(map[string]any{"title": title, "audience": audience}).Error
		}
		if err != nil {
			return err
		}
		var latest QuestionnaireVersion
		err = tx.Where("template_id = ?", t.ID).Order("version DESC").Take(&latest).Error
		switch {
		case err == nil && latest.Hash == hash:
			v = latest
			return nil
		case err == nil:
			v.Version = latest.Version + 1
		case errors.Is(err, gorm.ErrRecordNotFound):
			v.Version = 1
		default:
			return err
		}
		v.TemplateID, v.Hash, v.Source, v.CreatedBy = t.ID, hash, string(src), by
		created = true
		return tx.Create(&v).Error
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return s.SaveQuestionnaire(ctx, slug, title, audience, src, by)
	} else if err != nil {
		return nil, false, fmt.Errorf("save questionnaire %s: %w", slug, err)
	}
	return &v, created, nil
}

// QuestionnaireVersionByID returns a stored questionnaire version.
func (s *Store) QuestionnaireVersionByID(ctx context.Context, id int64) (*QuestionnaireVersion, error) {
	var v QuestionnaireVersion
	err := s.db.WithContext(ctx).Take(&v, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(ENOTFOUND, "未找到问卷版本 %d", id)
	} else if err != nil {
		return nil, fmt.Errorf("questionnaire version %d: %w", id, err)
	}
	return &v, nil
}

// LatestQuestionnaire returns the newest version of the questionnaire slug.
func (s *Store) LatestQuestionnaire(ctx context.Context, slug string) (*QuestionnaireVersion, error) {
	var v QuestionnaireVersion
	err := s.db.WithContext(ctx).
		Joins("JOIN questionnaire_templates t ON t.id = questionnaire_versions.template_id").
		Where("t.slug = ?", slug).Order("questionnaire_versions.version DESC").Take(&v).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(ENOTFOUND, "未找到问卷 %s", slug)
	} else if err != nil {
		return nil, fmt.Errorf("latest questionnaire %s: %w", slug, err)
	}
	return &v, nil
}
