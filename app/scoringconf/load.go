package scoringconf

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"

	"github.com/goccy/go-yaml"

	"selfcheck/scoring"
)

// defaultName names the source in errors from Parse.
const defaultName = "scoring.yaml"

// Load reads name from fsys and parses it. It returns the parameters (Version
// 0: the caller sets it once the content is stored) and the raw bytes, which
// the database layer hashes to tell versions apart.
func Load(fsys fs.FS, name string) (scoring.Params, []byte, error) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return scoring.Params{}, nil, fmt.Errorf("load scoring parameters: %w", err)
	}
	p, err := parse(path.Base(name), src)
	if err != nil {
		return scoring.Params{}, nil, err
	}
	return p, src, nil
}

// Parse decodes and validates scoring.yaml's content. Errors name the key path
// of each problem, one line each, prefixed with "scoring.yaml: ".
func Parse(src []byte) (scoring.Params, error) {
	return parse(defaultName, src)
}

func parse(name string, src []byte) (scoring.Params, error) {
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(src), yaml.Strict())
	if err := dec.Decode(&f); err != nil {
		return scoring.Params{}, fmt.Errorf("%s: %w", name, decodeError(src, err))
	}
	p, err := f.params()
	if err == nil {
		err = p.Validate()
	}
	if err != nil {
		return scoring.Params{}, prefix(name, err)
	}
	return p, nil
}

// prefix puts name before each of the joined errors in err, so that every
// line of the message reads "name: path: problem".
func prefix(name string, err error) error {
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) {
		return fmt.Errorf("%s: %w", name, err)
	}
	errs := joined.Unwrap()
	out := make([]error, len(errs))
	for i, e := range errs {
		out[i] = fmt.Errorf("%s: %w", name, e)
	}
	return errors.Join(out...)
}
