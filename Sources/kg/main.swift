import KnowledgeGraph
print("kg")
