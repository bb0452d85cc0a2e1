-- A log's large texts are kept once (chatlog/StoredTexts): where provider_request, raw_output,
-- output_message or provider_response repeat a text of messages or output, the copy is stored
-- empty and these say where the text is. Null: nothing refers elsewhere, as in every log written
-- before, which reads as it was stored.
ALTER TABLE logs ADD COLUMN request_refs TEXT;  -- references in provider_request
ALTER TABLE logs ADD COLUMN output_refs TEXT;   -- raw_output's whitespace; references in output_message and provider_response
