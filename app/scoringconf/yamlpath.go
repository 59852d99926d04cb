package scoringconf

import (
	"errors"
	"fmt"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// yamlError is what goccy/go-yaml's decoding errors have in common.
type yamlError interface {
	GetToken() *token.Token
	GetMessage() string
}

// decodeError rewrites a decoding error as "path: message (line N)", finding
// the key path from the position of the offending token. io.EOF (an empty
// file) becomes "empty file".
func decodeError(src []byte, err error) error {
	var ye yamlError
	if !errors.As(err, &ye) || ye.GetToken() == nil {
		if strings.Contains(err.Error(), "EOF") {
			return errors.New("empty file")
		}
		return fmt.Errorf("invalid yaml: %s", yaml.FormatError(err, false, false))
	}
	tk := ye.GetToken()
	msg := fmt.Sprintf("%s (line %d)", ye.GetMessage(), tk.Position.Line)
	if p := pathAt(src, tk.Position); p != "" {
		return &pathError{Path: p, Msg: msg}
	}
	return errors.New(msg)
}

// pathError is a decoding problem at a key path.
type pathError struct{ Path, Msg string }

func (e *pathError) Error() string { return e.Path + ": " + e.Msg }

// pathAt returns the dotted key path of the key or value at pos, or "".
func pathAt(src []byte, pos *token.Position) string {
	f, err := parser.ParseBytes(src, 0)
	if err != nil || pos == nil {
		return ""
	}
	for _, doc := range f.Docs {
		if p, ok := find(doc.Body, "", pos); ok {
			return p
		}
	}
	return ""
}

func samePos(tk *token.Token, pos *token.Position) bool {
	return tk != nil && tk.Position != nil && tk.Position.Line == pos.Line && tk.Position.Column == pos.Column
}

// find searches node for the key or scalar at pos, keys first, and returns
// its path below prefix.
func find(node ast.Node, prefix string, pos *token.Position) (string, bool) {
	join := func(k string) string {
		if prefix == "" {
			return k
		}
		return prefix + "." + k
	}
	switch n := node.(type) {
	case *ast.MappingNode:
		for _, v := range n.Values {
			if p, ok := find(v, prefix, pos); ok {
				return p, true
			}
		}
	case *ast.MappingValueNode:
		key := join(strings.Trim(n.Key.String(), `"'`))
		if samePos(n.Key.GetToken(), pos) {
			return key, true
		}
		if p, ok := find(n.Value, key, pos); ok {
			return p, true
		}
		if samePos(n.Value.GetToken(), pos) {
			return key, true
		}
	case *ast.SequenceNode:
		for i, v := range n.Values {
			elem := fmt.Sprintf("%s[%d]", prefix, i)
			if samePos(v.GetToken(), pos) {
				return elem, true
			}
			if p, ok := find(v, elem, pos); ok {
				return p, true
			}
		}
	}
	return "", false
}
