export { KnowledgeBase, DEFAULT_SEARCH_OPTIONS, type KnowledgeMatch, type KnowledgeSearchOptions } from './knowledge-base';
export { knowledgeEntrySchema, knowledgeIdSchema, type KnowledgeEntry } from './knowledge-entry';
export { loadKnowledgeEntries, DEFAULT_KNOWLEDGE_DIR } from './load-knowledge-entries';
