"""Common given and family names for fictional people (combined at random; nobody real is meant)."""

GIVEN_FEMALE = (
    "Anna", "Maria", "Emma", "Sophie", "Laura", "Julia", "Hannah", "Lena", "Sarah", "Lisa",
    "Olivia", "Amelia", "Grace", "Chloe", "Ella", "Isla", "Freya", "Ava", "Mia", "Zoe",
    "Aisha", "Fatima", "Priya", "Mei", "Yuki", "Ana", "Lucia", "Elena", "Ingrid", "Katrin",
    "Sabine", "Petra", "Monika", "Claudia", "Birgit", "Jennifer", "Michelle", "Rachel", "Megan",
    "Nadia", "Leonie", "Clara", "Frieda", "Greta", "Ruth", "Helen", "Margaret", "Joan", "Denise",
)  # fmt: skip
GIVEN_MALE = (
    "Lukas", "Jonas", "Felix", "Paul", "Leon", "Maximilian", "Tobias", "Stefan", "Thomas",
    "Andreas", "Jürgen", "Michael", "Daniel", "James", "Oliver", "Jack", "Harry", "George",
    "Noah", "Liam", "Ethan", "Samuel", "David", "Omar", "Ahmed", "Ravi", "Hiroshi", "Mateo",
    "Diego", "Marco", "Piotr", "Mehmet", "Emre", "Kwame", "Robert", "William", "Richard",
    "Christopher", "Matthew", "Anthony", "Mark", "Steven", "Peter", "Frank", "Klaus", "Dieter",
)  # fmt: skip
FAMILY = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
    "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun",
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson",
    "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood",
    "Garcia", "Martinez", "Lopez", "Nguyen", "Kim", "Patel", "Shah", "Khan", "Ali", "Yilmaz",
    "Kowalski", "Novak", "Rossi", "Bianchi", "Dubois", "Moreau", "Jensen", "Larsen", "Okafor",
    "Mensah", "Tanaka", "Sato", "Cohen", "Levi", "O'Brien", "Murphy", "Kelly", "Byrne",
    "Lindqvist", "Berg", "Eriksson", "Hartmann", "Krüger", "Lange", "Vogel", "Brandt", "Haas",
)  # fmt: skip
