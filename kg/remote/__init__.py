"""Remote triple stores: the SPARQL 1.1 Protocol and Graph Store Protocol client, server profiles and push; imports: kg.errors, kg.rdf."""
