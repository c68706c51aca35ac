import GRDB

extension AppDatabase {
    /// The schema, one migration per released change. Never edit a released migration:
    /// add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: messages, requests, outbox") { db in
            try db.create(table: "message") { t in
                t.autoIncrementedPrimaryKey("id")
                // Message-ID without brackets, or "sha256:<hex>" of the raw bytes when missing.
                t.column("messageKey", .text).notNull().unique()
                t.column("messageIDHeader", .text)
                t.column("arrivedAt", .datetime).notNull()
                t.column("recordedAt", .datetime).notNull()
                t.column("sender", .text)
                t.column("subject", .text).notNull().defaults(to: "")
                t.column("kind", .text).notNull()
                t.column("note", .text)
                t.column("fingerprint", .text)
                t.column("requestId", .integer).references("request", column: "id")
                t.column("size", .integer).notNull()
                // The raw bytes: `size` bytes at rawOffset in a pack file of RawMessageStore.
                t.column("rawPack", .text)
                t.column("rawOffset", .integer)
            }
            try db.create(index: "message_sender_fingerprint", on: "message", columns: ["sender", "fingerprint"])
            try db.create(index: "message_request", on: "message", columns: ["requestId"])
            try db.create(table: "attachment") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("messageId", .integer).notNull().indexed().references("message", column: "id", onDelete: .cascade)
                t.column("partPath", .text).notNull()
                t.column("filename", .text)
                t.column("contentType", .text).notNull()
                t.column("size", .integer).notNull()
                t.column("sha256", .text).notNull()
            }
            // Where each message was seen on the IMAP server, and whether panelmail has
            // finished with it there (moved or marked). Keyed by (folder, UIDVALIDITY, UID),
            // never by \Seen.
            try db.create(table: "mailboxLocation") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("folder", .text).notNull()
                t.column("uidValidity", .integer).notNull()
                t.column("uid", .integer).notNull()
                t.column("messageId", .integer).references("message", column: "id", onDelete: .setNull)
                t.column("destination", .text).notNull()
                t.column("done", .boolean).notNull().defaults(to: false)
                t.column("reason", .text)
                t.uniqueKey(["folder", "uidValidity", "uid"])
            }
            try db.create(table: "request") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("reference", .text).notNull().unique()
                t.column("year", .integer).notNull()
                t.column("sequence", .integer).notNull()
                t.column("messageId", .integer).notNull().references("message", column: "id")
                t.column("arrivedAt", .datetime).notNull()
                t.column("worker", .text).notNull()
                t.column("subject", .text).notNull()
                t.column("status", .text).notNull()
                t.uniqueKey(["year", "sequence"])
            }
            try db.create(table: "referenceCounter") { t in
                t.primaryKey("year", .integer)
                t.column("last", .integer).notNull()
            }
            // Every Message-ID known to belong to a request's thread, ours and theirs.
            try db.create(table: "threadMessage") { t in
                t.primaryKey("messageIDHeader", .text)
                t.column("requestId", .integer).notNull().references("request", column: "id")
            }
            try db.create(table: "outbox") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("messageIDHeader", .text).notNull().unique()
                t.column("purpose", .text).notNull()
                t.column("requestId", .integer).references("request", column: "id")
                t.column("causeMessageId", .integer).references("message", column: "id")
                t.column("envelopeFrom", .text).notNull()
                t.column("recipients", .text).notNull()
                t.column("message", .blob).notNull()
                t.column("status", .text).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("createdAt", .datetime).notNull()
                t.column("firstAttemptAt", .datetime)
                t.column("nextAttemptAt", .datetime).notNull()
                t.column("sentAt", .datetime)
                t.column("reason", .text)
                t.column("serverReply", .text)
            }
            try db.create(index: "outbox_due", on: "outbox", columns: ["status", "nextAttemptAt"])
        }
        migrator.registerMigration("v2: request forms, urgency and the weekly panel") { db in
            try db.alter(table: "request") { t in
                // The form as the worker wrote it (PanelCore's FormRecord as JSON): read again
                // with the configured schema when a reply is merged into it.
                t.add(column: "form", .text).notNull().defaults(to: "{}")
                // What keeps the request from the panel, one sentence per line, as the worker
                // was told; empty when complete.
                t.add(column: "problems", .text).notNull().defaults(to: "")
                t.add(column: "caseID", .text)
                t.add(column: "resourceType", .text)
                t.add(column: "workerEmail", .text)
                t.add(column: "teamManagerEmail", .text)
                t.add(column: "urgent", .boolean).notNull().defaults(to: false)
                // When the email that made the request complete reached the mailbox.
                t.add(column: "completedAt", .datetime)
                t.add(column: "dueAt", .datetime)
                t.add(column: "panelSittingAt", .datetime)
                t.add(column: "panelDeadlineAt", .datetime)
                // Goes up when a field the decision depends on changes.
                t.add(column: "version", .integer).notNull().defaults(to: 1)
                t.add(column: "possibleDuplicateOf", .text)
            }
            // The case ID folded for comparison (trimmed, lower case): the duplicate check
            // is an index lookup, never a scan past each row's form.
            try db.alter(table: "request") { t in t.add(column: "caseKey", .text) }
            try db.create(index: "request_case_resource", on: "request", columns: ["caseKey", "resourceType"])
            // One email can open several requests (a sibling group), so one Message-ID can
            // belong to several requests' threads.
            try db.create(table: "threadMessage_v2") { t in
                t.column("messageIDHeader", .text).notNull()
                t.column("requestId", .integer).notNull().references("request", column: "id")
                t.primaryKey(["messageIDHeader", "requestId"])
            }
            try db.execute(sql: "INSERT INTO threadMessage_v2 (messageIDHeader, requestId) SELECT messageIDHeader, requestId FROM threadMessage")
            try db.drop(table: "threadMessage")
            try db.rename(table: "threadMessage_v2", to: "threadMessage")
        }
        migrator.registerMigration("v3: the request's history") { db in
            // Every change of a request's state: when (the arrival of the email that caused
            // it), who, and that email's Message-ID. `requests history` prints it.
            try db.create(table: "requestEvent") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("requestId", .integer).notNull().references("request", column: "id").indexed()
                t.column("at", .datetime).notNull()
                t.column("recordedAt", .datetime).notNull()
                t.column("actor", .text).notNull()
                t.column("messageIDHeader", .text)
                t.column("event", .text).notNull()
                t.column("detail", .text).notNull().defaults(to: "")
            }
            // Requests recorded before the history began get their receipt as a first event.
            try db.execute(sql: """
                INSERT INTO requestEvent (requestId, at, recordedAt, actor, messageIDHeader, event, detail)
                SELECT r.id, r.arrivedAt, m.recordedAt, r.worker, m.messageIDHeader, 'received', 'recorded before the history began'
                FROM request r JOIN message m ON m.id = r.messageId
                """)
        }
        migrator.registerMigration("v4: decisions by email") { db in
            // Each decision applied: what, on which version, by whom, from which email.
            try db.create(table: "decision") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("requestId", .integer).notNull().references("request", column: "id").indexed()
                t.column("version", .integer).notNull()
                t.column("action", .text).notNull()
                t.column("terms", .text).notNull().defaults(to: "")
                t.column("rationale", .text).notNull().defaults(to: "")
                t.column("decidedBy", .text).notNull()
                t.column("signedName", .text)
                t.column("viaSharedMailbox", .boolean).notNull().defaults(to: false)
                t.column("messageIDHeader", .text)
                t.column("decidedAt", .datetime).notNull()
            }
        }
        migrator.registerMigration("v5: timed notices") { db in
            // When the timed notices were last worked out: the next run sends what fell
            // due since, so a stop loses none.
            try db.create(table: "timetableRun") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("lastRun", .datetime).notNull()
            }
            // Each timed notice sent, by its idempotency key: never twice, even after a crash.
            try db.create(table: "noticeSent") { t in
                t.primaryKey("key", .text)
                t.column("requestId", .integer).references("request", column: "id")
                t.column("sentAt", .datetime).notNull()
            }
        }
        migrator.registerMigration("v6: sign-offs") { db in
            // ENDORSE or NOT ENDORSED from the team manager, service manager or IRO of record.
            try db.create(table: "signOff") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("requestId", .integer).notNull().references("request", column: "id").indexed()
                t.column("version", .integer).notNull()
                t.column("role", .text).notNull()
                t.column("party", .text).notNull()
                t.column("endorsed", .boolean).notNull()
                t.column("reason", .text).notNull().defaults(to: "")
                t.column("messageIDHeader", .text)
                t.column("at", .datetime).notNull()
            }
        }
        migrator.registerMigration("v7: agendas sent") { db in
            // Each agenda as sent, with the version of every request it lists: its one
            // decision code covers exactly these.
            try db.create(table: "sentAgenda") { t in
                t.autoIncrementedPrimaryKey("number")
                t.column("sittingDay", .text).notNull()
                t.column("items", .text).notNull()
                t.column("sentAt", .datetime).notNull()
            }
            // Each listed request's slot: LATE moves the ones still to come, and each
            // update goes out with the same calendar UID and the next SEQUENCE.
            try db.create(table: "agendaSlot") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("agendaNumber", .integer).notNull().references("sentAgenda", column: "number").indexed()
                t.column("requestId", .integer).notNull().references("request", column: "id")
                t.column("reference", .text).notNull()
                t.column("locality", .text).notNull()
                t.column("arrivedAt", .datetime).notNull()
                t.column("startsAt", .datetime).notNull()
                t.column("endsAt", .datetime).notNull()
                t.column("sequence", .integer).notNull()
            }
        }
        return migrator
    }
}
