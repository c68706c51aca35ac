extension FormSchema {
    /// The Access to Resources Panel's request form, as described in the domain primer:
    /// ten required fields (child or family, case ID, locality, team, social worker,
    /// team manager, resource type, cost, start date, reason) and the optional rest.
    public static let standard = FormSchema(fields: standardFields, resourceTypes: standardResourceTypes)

    static let standardFields: [FormField] = [
        FormField(
            key: .childName, label: "Child's name",
            synonyms: ["Child name", "Childs name", "Child", "Name of child", "Child's full name",
                       "Family name", "Family", "Child or family name", "Child/family name",
                       "Child or family", "Children", "Child(ren)", "Children's names",
                       "Young person", "Young person's name", "Name of young person"],
            isRequired: true, kind: .text, startsBlock: true, sharing: .sameChild, affectsDecision: true),
        FormField(
            key: .caseID, label: "Case ID",
            synonyms: ["Case number", "Case no", "Case ref", "Case reference", "Case", "LCS ID", "LCS number",
                       "LCS no", "LCS", "Mosaic ID", "Mosaic number", "Child ID", "Person ID", "Client ID", "ID"],
            isRequired: true, kind: .text, startsBlock: true, sharing: .sameChild, affectsDecision: true),
        FormField(
            key: .locality, label: "Locality",
            synonyms: ["Area", "District", "Locality team"],
            isRequired: true, kind: .text, sharing: .allBlocks),
        FormField(
            key: .team, label: "Team",
            synonyms: ["Team name", "Social work team", "Worker's team"],
            isRequired: true, kind: .text, sharing: .allBlocks),
        FormField(
            key: .socialWorker, label: "Social worker",
            synonyms: ["Allocated worker", "Allocated social worker", "Worker", "SW", "Social worker name",
                       "Lead professional", "Requested by", "Practitioner"],
            isRequired: true, kind: .person, sharing: .allBlocks, defaultsToSender: true),
        FormField(
            key: .teamManager, label: "Team manager",
            synonyms: ["TM", "Team leader", "Manager", "Team manager name", "Supervising manager"],
            isRequired: true, kind: .person, sharing: .allBlocks),
        FormField(
            key: .resourceType, label: "Resource type",
            synonyms: ["Type of resource", "Resource", "Resource requested", "Resource required",
                       "Request type", "Type of request", "Service requested", "Service type", "Type of service"],
            isRequired: true, kind: .resourceType, startsBlock: true, affectsDecision: true),
        FormField(
            key: .cost, label: "Cost",
            synonyms: ["Amount", "Weekly cost", "Daily cost", "Monthly cost", "Annual cost", "Total cost",
                       "Cost per week", "Cost per day", "Cost per month", "Estimated cost", "Price", "Fee",
                       "Amount requested", "Funding requested", "Cost of resource"],
            isRequired: true, kind: .money, affectsDecision: true),
        FormField(
            key: .startDate, label: "Start date",
            synonyms: ["From", "Start", "Date from", "Starting", "Start from", "Commencement date",
                       "Date required", "Required from", "Date needed", "Needed from", "Date of start"],
            isRequired: true, kind: .date, affectsDecision: true),
        FormField(
            key: .endDate, label: "End date",
            synonyms: ["End date or duration", "End date/duration", "End", "Until", "Date to", "Finish date",
                       "Duration", "Length", "Length of placement", "Length of service", "How long", "Period"],
            isRequired: false, kind: .endDateOrDuration, affectsDecision: true),
        FormField(
            key: .reason, label: "Reason",
            synonyms: ["Reason for request", "Reason for the request", "Reasons", "Rationale", "Justification",
                       "Why is this needed", "Why needed", "Need", "Needs", "Summary of need", "Background"],
            isRequired: true, kind: .text),
        FormField(
            key: .placementType, label: "Placement type",
            synonyms: ["Type of placement", "Placement"],
            isRequired: false, kind: .text, affectsDecision: true),
        FormField(
            key: .provider, label: "Provider",
            synonyms: ["Provider name", "Service provider", "Supplier", "Agency", "Placement provider", "Company"],
            isRequired: false, kind: .text, affectsDecision: true),
        FormField(
            key: .legalStatus, label: "Legal status",
            synonyms: ["Legal status or PLO stage", "Legal status/PLO stage", "PLO stage", "PLO", "Legal position",
                       "Legal order", "Status"],
            isRequired: false, kind: .text, sharing: .sameChild),
        FormField(
            key: .alternativesConsidered, label: "Alternatives considered",
            synonyms: ["Alternatives", "Alternatives explored", "Other options considered", "Options considered",
                       "Other options", "What else has been tried"],
            isRequired: false, kind: .text),
        FormField(
            key: .otherFunding, label: "Other funding",
            synonyms: ["Other funding sources", "Funding from other sources", "Shared funding", "Joint funding",
                       "Contributions", "Other contributions", "Shared costs"],
            isRequired: false, kind: .text),
        FormField(
            key: .serviceManager, label: "Service manager",
            synonyms: ["SM", "Service manager name"],
            isRequired: false, kind: .person, sharing: .allBlocks),
        FormField(
            key: .iro, label: "IRO",
            synonyms: ["Independent reviewing officer", "Reviewing officer", "IRO name"],
            isRequired: false, kind: .person, sharing: .sameChild),
    ]

    static let standardResourceTypes: [ResourceType] = [
        ResourceType(name: "Placement", synonyms: [
            "Residential placement", "Residential", "Residential care", "Children's home", "Foster placement",
            "Foster care", "Fostering", "IFA placement", "IFA", "Independent fostering agency",
            "Semi-independent placement", "Semi-independent", "Supported accommodation", "Supported lodgings",
            "Parent and child placement", "Mother and baby placement", "Secure placement",
        ]),
        ResourceType(name: "Expert assessment", synonyms: [
            "Specialist assessment", "Specialist/expert assessment", "Assessment", "Parenting assessment",
            "PAMs assessment", "PAMs", "PAMs parenting assessment", "Psychological assessment",
            "Psychiatric assessment", "Cognitive assessment", "ISW assessment",
            "Independent social work assessment", "Expert witness", "Court assessment", "Residential assessment",
        ], guidance: "The panel will ask about the pre-proceedings (PLO) process and the court strategy. Attach the legal planning meeting strategy and the child's plan, and say whether a joint letter of instruction, with shared costs, has been considered, above all when several assessments are asked for at once."),
        ResourceType(name: "Mentoring", synonyms: ["Mentor", "Mentoring for young person", "Youth mentoring"]),
        ResourceType(name: "Drug or alcohol testing", synonyms: [
            "Drug testing", "Alcohol testing", "Drug and alcohol testing", "Drug test", "Alcohol test",
            "Hair strand testing", "Hair strand test", "Hair testing", "Blood testing", "Blood test", "Testing",
        ], guidance: "The council does not fund blood tests to measure alcohol consumption: the panel will not approve them. Say which other form of testing is proposed and why."),
        ResourceType(name: "School transport", synonyms: [
            "Transport", "Home to school transport", "Transport to school", "Taxi", "Travel",
        ], guidance: "Where a child is placed with an independent fostering agency, transport is part of the contract (an IFA carer is funded for 500 miles a week): say why the carer or provider cannot provide it, and tell Commissioning so the contract can be adjusted."),
        ResourceType(name: "Housing costs", synonyms: [
            "Housing", "Rent", "Rent deposit", "Deposit", "Rent arrears", "Accommodation costs",
            "Temporary accommodation", "Bed and breakfast", "B&B",
        ]),
        ResourceType(name: "NRPF support", synonyms: [
            "NRPF", "No recourse to public funds", "No recourse", "NRPF subsistence", "Subsistence",
            "Section 17 subsistence",
        ]),
        ResourceType(name: "Equipment", synonyms: [
            "Stair gate", "Stairgate", "Furniture", "Bed", "Cot", "White goods", "Safety equipment",
        ]),
        ResourceType(name: "Respite/short breaks", synonyms: [
            "Respite", "Respite care", "Short breaks", "Short break", "Overnight respite",
        ]),
        ResourceType(name: "Family support", synonyms: [
            "Family support worker", "Support worker", "Sessional support", "Sessional work", "Outreach",
        ]),
        ResourceType(name: "Other", synonyms: []),
    ]
}
