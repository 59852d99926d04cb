// Package questionnaire is selfcheck's questionnaire engine: the checklist and
// survey schema read from YAML (templates/questionnaires), skip logic,
// constraints and compliance rules written in expr-lang expressions,
// applicability of checklist items to a subject (industry tags, size,
// licences, attributes), normalization of chat text into typed answers, the
// resumable one-question-per-message Session, findings for scoring, and
// validator/v10 checks for answer payloads arriving through the API.
//
// It is pure: no database, no HTTP, no WeChat, and no clock (callers pass
// now and the time zone). Templates come from an fs.FS the caller hands in.
// It imports selfcheck/models/uscc and third-party libraries only.
//
// Expressions see the answers by item id (an id such as FS-05 is written
// FS_05 in an expression), `subject` (tags, size, licences, attrs), `today`
// (YYYY-MM-DD) and, in constraint and compliant_if, `value`: the answer
// being checked. Unanswered items read as their type's zero value.
package questionnaire
