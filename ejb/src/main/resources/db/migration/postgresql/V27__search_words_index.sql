-- The full-text index of groups (docs/architecture.md, "Full-text search of groups"): the stored
-- words as lexemes, taken as they are (array_to_tsvector: no parser, no stemming, the same words H2
-- compares), so that a word of a query, a prefix (word*) or a dotted name is one GIN lookup.
CREATE INDEX event_group_search_words_idx ON event_group
    USING GIN (array_to_tsvector(string_to_array(search_words, ' ')));
