/** Name lists for the fixture generator: varied enough that hundreds of generated people rarely collide. */
function splitWords(text: string): readonly string[] {
  return text.trim().split(/\s+/);
}

export const FIRST_NAMES = splitWords(`
  Aaron Abigail Adam Adrian Aisha Alan Albert Alejandro Alex Alice Alicia Amanda Amelia Amir Amy Ana Andrea
  Andrew Angela Anita Ann Anthony Arjun Arthur Ashley Barbara Benjamin Beth Bianca Bilal Brandon Brenda Brian
  Bruno Caleb Camila Carl Carlos Carmen Caroline Catherine Charles Charlotte Chen Chloe Christian Christina
  Christopher Claire Connor Craig Daniel Daniela David Deborah Dennis Diana Diego Dmitri Donna Dorothy Dylan
  Edward Elena Eli Elizabeth Ella Emily Emma Eric Erin Ethan Eva Fatima Felix Fiona Frank Gabriel Gary George
  Grace Greg Hana Hannah Harold Harper Hassan Heather Helen Henry Hiroshi Hugo Ian Ingrid Isaac Isabel Ivan
  Jack Jacob James Jane Janet Jason Javier Jennifer Jessica Joan John Jonathan Jorge Jose Joseph Joshua Julia
  Julian Karen Kate Keith Kenji Kevin Kim Kyle Laura Lauren Leah Lena Leo Liam Linda Lisa Lucas Lucy Luis
  Maria Mark Martin Mary Mateo Matthew Maya Megan Mei Michael Michelle Miguel Mohammed Monica Nadia Nancy
  Natalie Nathan Nicole Nina Noah Olivia Omar Oscar Pablo Patricia Patrick Paul Paula Peter Priya Rachel
  Rafael Raj Rebecca Ricardo Richard Robert Rosa Ruth Ryan Samantha Samuel Sandra Sara Scott Sean Sergio
  Sharon Sofia Sophie Stephen Steven Susan Tanya Teresa Thomas Timothy Tom Tyler Valeria Victor Victoria
  Vincent Walter Wei William Yara Yusuf Zoe
`);

export const LAST_NAMES = splitWords(`
  Abbott Adams Ahmed Alvarez Anderson Andersen Bailey Baker Banerjee Barnes Becker Bell Bennett Berg Bianchi
  Brooks Brown Bryant Butler Campbell Carter Castillo Chang Chavez Chen Clark Collins Cook Cooper Costa Cox
  Cruz Dahl Davies Davis Diaz Dubois Edwards Evans Fischer Fisher Flores Foster Garcia Gomez Gonzalez Gray
  Green Griffin Gupta Hall Hansen Harris Hayes Henderson Hernandez Hill Hoffmann Hughes Ito Jackson James
  Jansen Jenkins Jensen Johansson Johnson Jones Kelly Khan Kim King Klein Kowalski Kumar Larsen Lee Lewis Li
  Lindqvist Lopez Martin Martinez Meyer Miller Mitchell Moore Morales Morgan Morris Murphy Murray Nakamura
  Nelson Nguyen Nielsen Novak Oliveira Olsen Ortiz Owens Park Parker Patel Perez Perry Peters Petrov Phillips
  Powell Price Ramirez Reed Reyes Richardson Rivera Roberts Robinson Rodriguez Rogers Romano Ross Russell
  Sanchez Sanders Santos Sato Schmidt Schneider Scott Shah Silva Singh Smith Sorensen Stewart Sullivan Suzuki
  Tanaka Taylor Thomas Thompson Torres Turner Walker Wang Ward Watson Weber White Williams Wilson Wood Wright
  Wu Yamamoto Young Zhang Zimmermann
`);
